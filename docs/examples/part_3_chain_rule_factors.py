"""Part 3: the three chain-rule factors of dCE/db3 for the observed Setosa flower, at b3 = −2."""

from crossentropy import TRAINING_DATA, IrisNetwork, bias_gradient

net = IrisNetwork(b3=-2.0)
setosa_flower = TRAINING_DATA.inputs[0]  # petal width 0.04, sepal width 0.42
p = net.forward(setosa_flower).probabilities
factors = bias_gradient(p, observed="Setosa", bias="b3")  # -1/p, p(1 - p), 1 and their product
