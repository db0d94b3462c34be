// The LadderScenario module.
