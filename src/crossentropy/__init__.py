r"""Cross-entropy derivatives of StatQuest's Iris network, in plain numpy.

Everything the documentation site shows is computed by this package at build time:

* [softmax][crossentropy.softmax]: `softmax`, `log_softmax`, `softmax_jacobian`;
* [loss][crossentropy.loss]: `cross_entropy`, `grad_logits` (and its readable form
  `grad_logits_reference`), `one_hot`;
* [chain][crossentropy.chain]: the three chain-rule factors `dce_dp`, `dp_dz`, `dz_db` and their
  product `bias_gradient`;
* [data][crossentropy.data]: `SPECIES`, `TRAINING_DATA`, `load_iris`;
* [network][crossentropy.network]: `IrisNetwork` (forward pass, loss, backpropagation) and
  `gradients_reference`, backpropagation written out flower by flower;
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

from .backprop_matrix import BackpropMatrices, backprop_matrices, flower_deltas
from .chain import OUTPUT_BIASES, ChainRule, bias_gradient, dce_dp, dp_dz, dz_db
from .classification import (
    RegionSummary,
    accuracy,
    active_counts,
    confusion_matrix,
    decision_margins,
    decision_regions,
    predict,
    region_summary,
    unavoidable_errors,
)
from .curvature import (
    ValleyShape,
    gradient_components,
    network_hessian,
    output_bias_hessian,
    sharpest_curvature,
    valley_components_table,
    valley_shape,
)
from .data import FEATURES, SPECIES, TRAINING_DATA, Dataset, load_iris
from .descent import DescentResult, DescentStep, gradient_descent
from .errata import ERRATA, Erratum, erratum
from .finite_differences import (
    STEP_GRID,
    UNIT_ROUNDOFF,
    KinkCheck,
    StepErrors,
    kink_check,
    kink_flowers,
    optimal_step,
    predicted_error,
    setosa_step_errors,
    step_errors,
)
from .formatting import MINUS, compact, fmt, fmt_list, md_table, sci, table_block, vector
from .generalisation import SplitRun, climbs, stratified_split, train_on_split
from .gradcheck import GradientCheck, check_network_gradients, numerical_gradient, relative_error
from .learning_rates import compare_learning_rates, crossings
from .loss import cross_entropy, grad_logits, grad_logits_reference, one_hot
from .network import (
    DEFAULT_PARAMETERS,
    PARAMETER_NAMES,
    PARAMETER_ROLES,
    ForwardPass,
    IrisNetwork,
    gradients_reference,
)
from .optima import BiasOptimum, bias_optimum, rounded_descent
from .output_biases import (
    bias_sum_drift,
    bias_sums,
    jacobian_route,
    output_bias_loss_grid,
    shift_output_biases,
)
from .report.backprop import hidden_weight_table, output_weight_table
from .report.chain import (
    bias_reach_table,
    chain_factors_table,
    closed_form,
    flower_central_difference,
    nine_case_check,
    slope_terms_table,
)
from .report.descent import descent_table, learning_rate_table, multi_bias_descent_table
from .report.errata import (
    article_link,
    c1_snippet_value,
    errata_table,
    erratum_text,
    rounded_probability_table,
    sign_consequences_table,
    softmax_inputs_table,
)
from .report.gradcheck import derivative_check, gradient_check_summary, gradient_check_table
from .report.loss import observation_table, observed_table, rounding_table, softmax_steps
from .report.network import dataset_table, forward_table, network_equations, parameter_table
from .report.output_biases import bias_gradient_table, jacobian_route_table
from .report.prose import define_env, on_pre_page_macros, prose_namespace
from .report.series import comparison_table, exact_values
from .report.sweeps import pink_curve_table
from .report.training import accuracy_text, confusion_table, training_table
from .report.values import DerivationValues, FlowerValues, derivation_values, flower_values
from .series import ARTICLES, PUBLISHED, Article, Published, published
from .softmax import log_softmax, softmax, softmax_jacobian
from .stability import (
    Float64Limits,
    FormComparison,
    NaiveResult,
    compare_forms,
    float64_limits,
    forms_table,
    naive_cross_entropy,
    naive_softmax,
)
from .sweeps import Sweep, bias_curvature, slope_limits, slope_terms, sweep_parameter
from .training import (
    FULL_IRIS_LEARNING_RATE,
    FULL_IRIS_SEED,
    FULL_IRIS_STEPS,
    TrainingRun,
    largest_rise,
    loss_rises,
    train,
    train_full_iris,
)
from .why_cross_entropy import (
    RawOutputGradients,
    likelihood,
    raw_output_gradients,
    squared_error,
    squared_error_grad_logits,
)

__all__ = [
    # softmax
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    # loss
    "cross_entropy",
    "grad_logits",
    "grad_logits_reference",
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
    "gradients_reference",
    # optimisation
    "gradient_descent",
    "DescentResult",
    "DescentStep",
    # gradient checks
    "numerical_gradient",
    "relative_error",
    "GradientCheck",
    "check_network_gradients",
    # formatting
    "MINUS",
    "fmt",
    "fmt_list",
    "sci",
    "compact",
    "vector",
    "md_table",
    "table_block",
    # series
    "Article",
    "ARTICLES",
    "Published",
    "PUBLISHED",
    "published",
    # errata
    "Erratum",
    "ERRATA",
    "erratum",
    # sweeps
    "Sweep",
    "sweep_parameter",
    "slope_terms",
    "bias_curvature",
    "slope_limits",
    # optima
    "BiasOptimum",
    "bias_optimum",
    "rounded_descent",
    # learning rates
    "compare_learning_rates",
    "crossings",
    # output biases
    "output_bias_loss_grid",
    "jacobian_route",
    "bias_sums",
    "bias_sum_drift",
    "shift_output_biases",
    # classification
    "predict",
    "accuracy",
    "confusion_matrix",
    "active_counts",
    "decision_regions",
    "decision_margins",
    "RegionSummary",
    "region_summary",
    "unavoidable_errors",
    # training
    "FULL_IRIS_SEED",
    "FULL_IRIS_LEARNING_RATE",
    "FULL_IRIS_STEPS",
    "TrainingRun",
    "train",
    "train_full_iris",
    "loss_rises",
    "largest_rise",
    # report values
    "FlowerValues",
    "DerivationValues",
    "flower_values",
    "derivation_values",
    # report network
    "dataset_table",
    "network_equations",
    "parameter_table",
    "forward_table",
    # report loss
    "softmax_steps",
    "observation_table",
    "rounding_table",
    "observed_table",
    # report chain
    "closed_form",
    "flower_central_difference",
    "bias_reach_table",
    "chain_factors_table",
    "nine_case_check",
    "slope_terms_table",
    # report sweeps
    "pink_curve_table",
    # report gradcheck
    "derivative_check",
    "gradient_check_table",
    "gradient_check_summary",
    # report descent
    "descent_table",
    "learning_rate_table",
    "multi_bias_descent_table",
    # report output biases
    "jacobian_route_table",
    "bias_gradient_table",
    # report backprop
    "output_weight_table",
    "hidden_weight_table",
    # report training
    "training_table",
    "confusion_table",
    "accuracy_text",
    # report series
    "exact_values",
    "comparison_table",
    # report prose
    "prose_namespace",
    "define_env",
    "on_pre_page_macros",
    # report errata
    "article_link",
    "errata_table",
    "erratum_text",
    "sign_consequences_table",
    "softmax_inputs_table",
    "rounded_probability_table",
    "c1_snippet_value",
    # why cross entropy
    "RawOutputGradients",
    "raw_output_gradients",
    "squared_error",
    "squared_error_grad_logits",
    "likelihood",
    # numerical stability
    "NaiveResult",
    "FormComparison",
    "naive_softmax",
    "naive_cross_entropy",
    "compare_forms",
    "forms_table",
    "Float64Limits",
    "float64_limits",
    # finite differences
    "STEP_GRID",
    "UNIT_ROUNDOFF",
    "StepErrors",
    "KinkCheck",
    "step_errors",
    "setosa_step_errors",
    "predicted_error",
    "optimal_step",
    "kink_check",
    "kink_flowers",
    # curvature
    "ValleyShape",
    "output_bias_hessian",
    "valley_shape",
    "gradient_components",
    "valley_components_table",
    "network_hessian",
    "sharpest_curvature",
    # backpropagation in matrix form
    "BackpropMatrices",
    "backprop_matrices",
    "flower_deltas",
    # generalisation
    "SplitRun",
    "stratified_split",
    "train_on_split",
    "climbs",
]

__version__ = "0.1.0"
