"""Part 2: the series' starting point, b3 = −2, and what it does to the three flowers."""

from crossentropy import TRAINING_DATA, IrisNetwork

start = IrisNetwork(b3=-2.0)  # every other parameter keeps StatQuest's value
forward = start.forward(TRAINING_DATA.inputs)  # every intermediate, one row per flower
probabilities = forward.probabilities  # columns: Setosa, Versicolor, Virginica
total = start.loss(TRAINING_DATA.inputs, TRAINING_DATA.labels)  # total cross entropy (sum over the flowers)
