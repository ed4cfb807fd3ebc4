"""Part 1: the three training flowers through the network, from their measurements to their cross entropy."""

from crossentropy import TRAINING_DATA, IrisNetwork, cross_entropy

net = IrisNetwork()  # StatQuest's trained values; the Setosa output bias is b3 = 0
forward = net.forward(TRAINING_DATA.inputs)  # every intermediate, one row per flower

hidden_sums = forward.hidden_sums  # u and d: each hidden node's weighted sum plus its bias
hidden = forward.hidden  # ReLU(u), ReLU(d): negative sums become 0
raw_outputs = forward.logits  # z_Setosa, z_Versicolor, z_Virginica
probabilities = forward.probabilities  # softmax of the raw outputs; each row adds up to 1
losses = cross_entropy(raw_outputs, TRAINING_DATA.labels, reduction="none")  # -ln p_observed
total = float(losses.sum())  # the total cross entropy of the three flowers
