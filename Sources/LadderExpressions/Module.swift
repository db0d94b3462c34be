// The LadderExpressions module.
