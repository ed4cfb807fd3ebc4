"""Part 8: gradient descent on all fifteen parameters over the 150 Iris flowers, from two random starts."""

from crossentropy import train_full_iris

run = train_full_iris(seed=1)  # gradient descent from IrisNetwork.random(1)
dead = train_full_iris(seed=0)  # the same from IrisNetwork.random(0)
