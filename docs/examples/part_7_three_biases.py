"""Part 7: gradient descent on all three output biases at once, from b3 = −2, b4 = 0, b5 = 1."""

from crossentropy import TRAINING_DATA, IrisNetwork, gradient_descent

start = IrisNetwork(b3=-2.0)
run3 = gradient_descent(
    start, TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5"), learning_rate=1.0, tol=0.001
)
