"""Markdown renderings of the package's results, for the documentation pages.

Every function here returns text (a Markdown table, a sentence) or the numbers a sentence
quotes; the pages print it at build time, so each number a reader sees comes from the same code
the tests run. Each module renders one concept of the package, and is named after it:

* [`values`][crossentropy.report.values]: the forward pass at each flower, as plain numbers;
* [`network`][crossentropy.report.network]: the data, the equations, the parameters, the
  forward pass;
* [`loss`][crossentropy.report.loss]: softmax step by step and each flower's cross entropy;
* [`chain`][crossentropy.report.chain]: the chain rule for an output bias;
* [`sweeps`][crossentropy.report.sweeps]: the loss along $b_3$;
* [`gradcheck`][crossentropy.report.gradcheck]: derivatives beside central differences;
* [`descent`][crossentropy.report.descent]: gradient-descent runs;
* [`output_biases`][crossentropy.report.output_biases]: the three output biases together;
* [`backprop`][crossentropy.report.backprop]: backpropagation weight by weight;
* [`training`][crossentropy.report.training]: training runs and what they predict;
* [`series`][crossentropy.report.series] and [`errata`][crossentropy.report.errata]: the series'
  printed numbers beside the exact ones.
* [`prose`][crossentropy.report.prose]: the names the pages' sentences quote numbers with.

Every public name is importable from the top-level package, e.g.
``from crossentropy import forward_table``; numbers and tables are written by
[`crossentropy.formatting`][crossentropy.formatting].
"""
