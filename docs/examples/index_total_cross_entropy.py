from crossentropy import TRAINING_DATA, IrisNetwork

net = IrisNetwork(b3=-2.0)
print(net.loss(TRAINING_DATA.inputs, TRAINING_DATA.labels))
