// The LadderLint module.
