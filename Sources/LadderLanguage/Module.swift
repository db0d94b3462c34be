// The LadderLanguage module.
