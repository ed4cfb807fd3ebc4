r"""Cross-entropy derivatives of StatQuest's Iris network, in plain numpy.

Everything the documentation site shows is computed by this package at build time:

* [softmax][crossentropy.softmax]: `softmax`, `log_softmax`, `softmax_jacobian`;
* [loss][crossentropy.loss]: `cross_entropy`, `grad_logits`, `one_hot`;
* [chain][crossentropy.chain]: the three chain-rule factors `dce_dp`, `dp_dz`, `dz_db` and their
  product `bias_gradient`;
* [data][crossentropy.data]: `SPECIES`, `TRAINING_DATA`, `load_iris`;
* [network][crossentropy.network]: `IrisNetwork` (forward pass, loss, backpropagation);
* [descent][crossentropy.descent]: `gradient_descent`;
* [gradcheck][crossentropy.gradcheck]: `numerical_gradient`, `relative_error`,
  `check_network_gradients`.

Examples
--------
>>> import crossentropy as ce
>>> net = ce.IrisNetwork(b3=-2.0)
>>> round(net.loss(ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels), 4)
2.6659
"""

from .chain import OUTPUT_BIASES, ChainRule, bias_gradient, dce_dp, dp_dz, dz_db
from .data import FEATURES, SPECIES, TRAINING_DATA, Dataset, load_iris
from .descent import DescentResult, DescentStep, gradient_descent
from .gradcheck import GradientCheck, check_network_gradients, numerical_gradient, relative_error
from .loss import cross_entropy, grad_logits, one_hot
from .network import DEFAULT_PARAMETERS, PARAMETER_NAMES, PARAMETER_ROLES, ForwardPass, IrisNetwork
from .softmax import log_softmax, softmax, softmax_jacobian

__all__ = [
    # softmax
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    # loss
    "cross_entropy",
    "grad_logits",
    "one_hot",
    # chain rule
    "OUTPUT_BIASES",
    "ChainRule",
    "dce_dp",
    "dp_dz",
    "dz_db",
    "bias_gradient",
    # data
    "SPECIES",
    "FEATURES",
    "Dataset",
    "TRAINING_DATA",
    "load_iris",
    # network
    "PARAMETER_NAMES",
    "DEFAULT_PARAMETERS",
    "PARAMETER_ROLES",
    "ForwardPass",
    "IrisNetwork",
    # optimisation
    "gradient_descent",
    "DescentResult",
    "DescentStep",
    # gradient checks
    "numerical_gradient",
    "relative_error",
    "GradientCheck",
    "check_network_gradients",
]

__version__ = "0.1.0"
