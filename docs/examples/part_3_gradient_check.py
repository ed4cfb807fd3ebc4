"""Part 3: the same derivative from the forward pass alone, by a central difference."""

from crossentropy import TRAINING_DATA, IrisNetwork, numerical_gradient

net = IrisNetwork(b3=-2.0)
# the Setosa flower alone, as a batch of one
flower, label = TRAINING_DATA.inputs[:1], TRAINING_DATA.labels[:1]


def ce_of_b3(b3):
    return net.replace(b3=float(b3)).loss(flower, label)


slope = float(numerical_gradient(ce_of_b3, -2.0))  # [CE(b3 + ε) − CE(b3 − ε)] / 2ε, ε = 1e-6
