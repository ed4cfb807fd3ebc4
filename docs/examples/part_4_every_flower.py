"""Part 4: dCE/db3 for each training flower, Setosa or not, and their sum, the slope of the total."""

from crossentropy import TRAINING_DATA, IrisNetwork, bias_gradient

start = IrisNetwork(b3=-2.0)
probabilities = start.forward(TRAINING_DATA.inputs).probabilities
terms = [
    bias_gradient(p, observed=int(c), bias="b3").value  # p_Setosa − 1 for the Setosa flower, else p_Setosa
    for p, c in zip(probabilities, TRAINING_DATA.labels)
]
slope = sum(terms)  # a derivative of a sum is the sum of the derivatives
