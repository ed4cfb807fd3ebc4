"""Part 5: the network at the series' starting point, b3 = −2, and its forward pass at the three flowers."""

from crossentropy import TRAINING_DATA, IrisNetwork

start = IrisNetwork(b3=-2.0)  # every other parameter keeps StatQuest's value
fp = start.forward(TRAINING_DATA.inputs)
