"""Gradient descent on b3 from scratch: numpy only, nothing else to install or import."""

import numpy as np

X = np.array([[0.04, 0.42], [1.00, 0.54], [0.50, 0.37]])  # petal width, sepal width
Y = np.eye(3)[[0, 2, 1]]  # one-hot: Setosa, Virginica, Versicolor
W1 = np.array([[-2.5, 0.6], [-1.5, 0.4]])  # inputs -> top, bottom hidden node
B1 = np.array([1.6, 0.7])
W2 = np.array([[-0.1, 1.5], [2.4, -5.2], [-2.2, 3.7]])  # hidden nodes -> 3 raw outputs


def forward(b3):
    hidden = np.maximum(0.0, X @ W1.T + B1)  # ReLU of u and d, one row per flower
    z = hidden @ W2.T + np.array([b3, 0.0, 1.0])  # raw outputs; biases b3, b4 = 0, b5 = 1
    e = np.exp(z - z.max(axis=1, keepdims=True))  # subtract the largest: no overflow
    return e / e.sum(axis=1, keepdims=True)  # softmax, row by row


b3, learning_rate = -2.0, 1.0
for step in range(1, 1001):
    p = forward(b3)
    slope = np.sum(p - Y, axis=0)[0]  # d(total CE)/d b3 = sum of (p - y) for Setosa
    b3 -= learning_rate * slope
    print(f"step {step}: slope {slope:.4f}, new b3 = {b3:.4f}")
    if abs(learning_rate * slope) < 0.001:  # stop once a step is tiny
        break
print(f"total cross entropy = {-np.sum(Y * np.log(forward(b3))):.4f}")
