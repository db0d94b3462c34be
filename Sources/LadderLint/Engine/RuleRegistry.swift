/// Every rule, in documentation order: front-end rules first, then the linter's own checks.
public enum RuleRegistry {
    public static let all: [any LintRule.Type] = [
        YAMLSyntax.self, DuplicateKey.self, AliasLimit.self, YAMLTag.self,
        UnsupportedVersion.self, UnknownKey.self, MissingKey.self, WrongType.self, InvalidIdentifier.self, InvalidValue.self,
        DuplicateName.self, UnknownReference.self, UnknownOutcome.self,
        ExpressionSyntax.self, TypeMismatch.self, EnumLiteral.self, ConstantCondition.self,
        NeedsCycle.self, SelfDependency.self, UnreachableStage.self, NonExhaustiveTable.self, WarnThreshold.self,
        UnroutableCase.self, ShadowedRule.self, SLAInfeasible.self, TemplateVariable.self, UnusedDefinition.self,
        AmbiguousBusinessDuration.self,
    ]

    /// The ids of every rule.
    public static var ids: Set<String> { Set(all.map { $0.id }) }

    public static func rule(id: String) -> (any LintRule.Type)? { all.first { $0.id == id } }
}
