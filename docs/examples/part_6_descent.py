"""Part 6: gradient descent on b3 from −2 at the series' learning rate 1, stopping once a step is below 0.001."""

from crossentropy import TRAINING_DATA, IrisNetwork, gradient_descent

start = IrisNetwork(b3=-2.0)
run = gradient_descent(
    start, TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3",), learning_rate=1.0, tol=0.001
)
