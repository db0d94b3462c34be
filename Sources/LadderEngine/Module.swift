// The LadderEngine module.
