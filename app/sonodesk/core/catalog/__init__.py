"""How the model catalogue is presented: categories, labels, costs, search. No Qt, no I/O."""
