"""Part 7: gradient descent on b3 and b4 only, with b5 fixed at StatQuest's value 1."""

from crossentropy import TRAINING_DATA, IrisNetwork, gradient_descent

start = IrisNetwork(b3=-2.0)
run2 = gradient_descent(
    start, TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4"), learning_rate=1.0, tol=0.001
)
