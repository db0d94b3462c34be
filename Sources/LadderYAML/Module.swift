// The LadderYAML module.
