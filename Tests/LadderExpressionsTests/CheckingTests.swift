import LadderExpressions
import Testing

@Suite struct EnumLiterals {
    @Test func literalOutsideTheEnumIsReportedOnTheLiteralWithQuotes() throws {
        let text = #"case.region == "emae" and case.product == "database""#
        let diagnostics = diagnose(text, expected: .bool)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.id == "enum-literal")
        #expect(diagnostic.range == 15..<21)
        #expect(diagnostic.message == #""emae" is not a value of case.region"#)
        #expect(diagnostic.notes == ["case.region is one of: emea, amer, apac"])
        #expect(diagnostic.hint == #"did you mean "emea"?"#)
    }

    @Test func literalOnTheLeftIsCheckedToo() {
        let diagnostics = diagnose(#"'P9' != case.priority"#)
        #expect(diagnostics.map(\.id) == ["enum-literal"])
        #expect(diagnostics.first?.range == 0..<4)
    }

    @Test func everyLiteralInAListIsChecked() {
        let text = #"case.priority in ["P1", "p2", "P7"]"#
        let diagnostics = diagnose(text)
        #expect(diagnostics.map(\.id) == ["enum-literal", "enum-literal"])
        #expect(diagnostics.map(\.range) == [range(of: #""p2""#, in: text), range(of: #""P7""#, in: text)])
        #expect(diagnostics.first?.hint == #"did you mean "P2"?"#)
    }

    @Test func literalLookedUpInAListOfEnumIsChecked() {
        let text = #""legl" in case.threats or contains(case.threats, "cancelation")"#
        let diagnostics = diagnose(text)
        #expect(diagnostics.map(\.id) == ["enum-literal", "enum-literal"])
        #expect(diagnostics.map(\.hint) == [#"did you mean "legal"?"#, #"did you mean "cancellation"?"#])
    }

    @Test func farOffLiteralGetsNoSuggestion() {
        #expect(diagnose(#"case.region == "mars-base""#).first?.hint == nil)
    }

    @Test func valuesWithHyphensAreFineInQuotes() throws {
        _ = try compile(#"case.status == "waiting-on-customer""#)
    }

    @Test func bareEnumValueIsAnUnknownPathWithAHintToQuoteIt() {
        let diagnostics = diagnose("stage.investigate.outcome == workaround")
        #expect(diagnostics.map(\.id) == ["unknown-reference"])
        #expect(diagnostics.first?.range == 29..<39)
        #expect(diagnostics.first?.hint == #"enum values are text: write "workaround""#)
    }
}

@Suite struct TypeMismatches {
    func mismatch(_ text: String, expected: ExprType? = nil) -> ExpressionDiagnostic? {
        let diagnostics = diagnose(text, expected: expected)
        #expect(diagnostics.map(\.id) == ["type-mismatch"], "\(diagnostics)")
        return diagnostics.first
    }

    @Test func comparingIncompatibleTypesBlamesTheLiteral() {
        let diagnostic = mismatch("case.priority == 1")
        #expect(diagnostic?.range == 17..<18)
        #expect(diagnostic?.hint == #"enum values are written in quotes, e.g. "P1""#)
        #expect(mismatch("3 == case.title")?.range == 0..<1)
    }

    @Test func comparingTwoPathsBlamesTheRightOne() {
        #expect(mismatch("case.title == case.level")?.range == 14..<24)
    }

    @Test func durationsNeedUnits() {
        let diagnostic = mismatch("sla.resolution.remaining < 30")
        #expect(diagnostic?.range == 27..<29)
        #expect(diagnostic?.hint == "write a duration with its unit, e.g. 30m or 4h")
    }

    @Test func enumsHaveNoOrder() {
        let diagnostic = mismatch(#"case.priority <= "P2""#)
        #expect(diagnostic?.hint?.contains("in [...]") == true)
    }

    @Test func andOrNotNeedBooleans() {
        let diagnostic = mismatch("case.priority and case.affects_others")
        #expect(diagnostic?.range == 0..<13)
        #expect(diagnostic?.hint == #"compare it with a value, e.g. case.priority == "P1""#)
        #expect(mismatch("not case.title")?.range == 4..<14)
    }

    @Test func inNeedsAList() {
        let diagnostic = mismatch(#""db" in case.title"#)
        #expect(diagnostic?.range == 8..<18)
        #expect(diagnostic?.hint == #"to look for text inside text, write contains(case.title, "db")"#)
        #expect(mismatch("case.level in case.tags")?.range == 0..<10)
    }

    @Test func listLiteralsHaveOneElementType() {
        #expect(mismatch(#"case.title in ["a", 1]"#)?.range == 20..<21)
    }

    @Test func arithmeticBlamesTheOperandThatCannotWork() {
        #expect(mismatch("case.title - 1 == 2")?.range == 0..<10)
        #expect(mismatch("now + 3 > now")?.range == 6..<7)
        #expect(mismatch("now + now > now")?.hint == "subtract times to get a duration, e.g. now - case.opened_at")
        #expect(mismatch("-case.title == 'x'")?.range == 1..<11)
    }

    @Test func matchesNeedsText() {
        #expect(mismatch(#"case.level matches "1""#)?.range == 0..<10)
    }

    @Test func functionArgumentsAreTyped() {
        #expect(mismatch("size(case.level) > 0")?.range == 5..<15)
        #expect(mismatch("starts_with(case.title, 3)")?.range == 24..<25)
        #expect(mismatch("contains(case.tags, 3)")?.range == 20..<21)
        #expect(mismatch("lower(now) == 'x'")?.range == 6..<9)
    }

    @Test func conditionMustBeBoolAndIsReportedOverTheWholeExpression() {
        let diagnostic = mismatch("case.customer.tier", expected: .bool)
        #expect(diagnostic?.range == 0..<18)
        #expect(diagnostic?.message == "a condition must be true or false, but this is enum case.customer.tier")
        #expect(diagnostic?.hint == #"compare it with a value, e.g. case.customer.tier == "standard""#)
        #expect(mismatch("case.level + 1", expected: .bool)?.range == 0..<14)
    }

    @Test func expectedValueTypesAcceptWideningAndCheckEnumLiterals() throws {
        _ = try compile("case.level", expected: .number)
        _ = try compile("case.region", expected: .string)
        _ = try compile("null", expected: .duration)
        _ = try compile("sla.resolution.remaining * 2", expected: .duration)
        #expect(mismatch("case.title", expected: .int)?.message == "expected int, but this is string")
        let status = ExprType.enumeration(name: "case.status", values: ["open", "waiting-on-customer", "resolved"])
        _ = try compile(#""open""#, expected: status)
        let diagnostics = diagnose(#""opne""#, expected: status)
        #expect(diagnostics.map(\.id) == ["enum-literal"])
        #expect(diagnostics.first?.hint == #"did you mean "open"?"#)
    }
}

@Suite struct References {
    @Test func unknownPathIsReportedWithTheScopesSuggestion() {
        let text = #"case.customer.teir == "gold""#
        let diagnostics = diagnose(text)
        #expect(diagnostics.map(\.id) == ["unknown-reference"])
        #expect(diagnostics.first?.range == 0..<18)
        #expect(diagnostics.first?.message == "unknown path case.customer.teir")
        #expect(diagnostics.first?.hint == "did you mean case.customer.tier?")
    }

    @Test func unknownFunctionSuggestsTheClosestBuiltin() {
        let diagnostics = diagnose("startswith(case.title, 'x')")
        #expect(diagnostics.map(\.id) == ["unknown-reference"])
        #expect(diagnostics.first?.range == 0..<10)
        #expect(diagnostics.first?.hint == "did you mean starts_with?")
        #expect(diagnostics.first?.notes.first?.hasPrefix("functions: has, size") == true)
    }

    @Test func wrongArgumentCountsAndHasWithoutAPathAreSyntaxErrors() {
        #expect(diagnose("size(case.tags, 1) > 0").map(\.id) == ["expression-syntax"])
        let diagnostics = diagnose("has('x')")
        #expect(diagnostics.map(\.id) == ["expression-syntax"])
        #expect(diagnostics.first?.range == 4..<7)
    }

    @Test func independentErrorsAreAllReported() {
        let diagnostics = diagnose(#"case.regoin == "emea" or case.priority == "P0" or case.level == "x""#)
        #expect(diagnostics.map(\.id) == ["unknown-reference", "enum-literal", "type-mismatch"])
    }

    @Test func pathsAreListedOnceInOrderOfFirstRead() throws {
        let compiled = try compile(#"case.level > 1 and has(case.title) and case.level < 5"#)
        let level = schema.entries["case.level"]!.reference
        let title = schema.entries["case.title"]!.reference
        #expect(compiled.paths == [level, title])
        #expect(!compiled.isConstant)
    }

    @Test func manyPathsAreListedOnceInOrderOfFirstReadToo() throws {
        // Past 16 distinct paths the checker switches from a list search to a set.
        var table = PathTable()
        let names = (0..<24).map { "case.f\($0)" }
        for name in names { table.add(name, .int) }
        let text = (names + names.reversed()).map { "\($0) > 0" }.joined(separator: " or ")
        let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: table, expected: .bool)
        #expect(diagnostics.isEmpty)
        #expect(compiled?.paths == names.map { table.entries[$0]!.reference })
    }

    @Test func conditionReadingNoPathIsAConstantConditionWarning() throws {
        let (compiled, diagnostics) = CompiledExpression.make(text: "1 < 2 or false", scope: schema, expected: .bool)
        #expect(compiled?.isConstant == true)
        #expect(diagnostics.map(\.id) == ["constant-condition"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.message.hasSuffix("always true") == true)
        #expect(diagnostics.first?.range == 0..<14)
        #expect(diagnose("1 > 2", expected: nil).isEmpty)
    }

    @Test func checkedTreeCarriesTypesAndReferences() throws {
        let compiled = try compile(#"case.priority in ["P1", "P2"]"#)
        let root = compiled.checked.root
        #expect(root.type == .bool)
        guard case .binary(.in, let lhs, let rhs) = root.kind, case .path(let path) = lhs.kind else {
            Issue.record("unexpected tree \(root)")
            return
        }
        #expect(path.reference == schema.entries["case.priority"]!.reference)
        #expect(lhs.type?.enumValues == ["P1", "P2", "P3", "P4"])
        #expect(rhs.type == .list(.string))
        var kinds = 0
        root.forEachNode { _ in kinds += 1 }
        #expect(kinds == 5)
    }
}

@Suite struct Tables {
    @Test func pathTableNumbersPathsAndKeepsAReferenceWhenAPathIsRetyped() {
        var table = PathTable()
        let first = table.add("case.a", .int)
        let second = table.add("case.b", .string)
        #expect(table.add("case.a", .number) == first)
        let third = table.add("case.c", .bool)
        #expect(Set([first, second, third]).count == 3)
        #expect(table.resolve(["case", "a"]) == .resolved(first, .number))
        #expect(table.resolve(["case", "bb"]) == .unknown(message: "unknown path case.bb", hint: "did you mean case.b?"))
    }

    @Test func pathTableResolvesEveryPathOfALargeTableAndSegmentsHoldingDots() {
        var table = PathTable()
        var references: [String: PathReference] = [:]
        for index in 0..<300 {
            let path = "case.f\(index % 7).x\(index)"
            references[path] = table.add(path, index.isMultiple(of: 2) ? .int : .string)
        }
        for (path, reference) in references {
            let segments = path.split(separator: ".").map(String.init)
            let type: ExprType = Int(segments[2].dropFirst())!.isMultiple(of: 2) ? .int : .string
            #expect(table.resolve(segments) == .resolved(reference, type))
        }
        #expect(table.resolve(["case.f1", "x1"]) == .resolved(references["case.f1.x1"]!, .string))
        guard case .unknown(let message, _) = table.resolve(["case", "f1", "x2"]) else { Issue.record("resolved"); return }
        #expect(message == "unknown path case.f1.x2")
    }
}

/// `CompiledExpression.make` types each node as the parser completes it; the result must be what
/// parsing and then checking the whole tree gives: the same tree, paths and diagnostics, in order.
@Test(arguments: [
    #"case.priority in ["P1", "P2"] and case.customer.tier == "gold" or case.customer.arr > 100000"#,
    #"case.priority == "P9" or case.region == 3"#,
    #"not (case.priorty == "P1") and size(case.threats) > "two""#,
    #"case.title matches "^a" and -case.title == 1"#,
    #"[1, "a", case.priority] == 2"#,
    #"lower(case.title, 2) == "x""#,
    #"case.priority == "P1" and"#,
    "1 + 2",
    "(((case.customer.arr)))",
])
func checkingWhileParsingAgreesWithCheckingAfterwards(text: String) {
    for expected in [nil, ExprType.bool] {
        let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: schema, expected: expected)
        let (parsed, syntaxErrors) = ExpressionCompiler.parse(text)
        guard let parsed else {
            #expect(diagnostics == syntaxErrors)
            #expect(compiled == nil)
            continue
        }
        let (checked, checkDiagnostics) = ExpressionCompiler.check(parsed, scope: schema, expected: expected)
        #expect(diagnostics == checkDiagnostics)
        #expect(compiled?.checked.root == checked?.root)
        #expect(compiled?.checked.paths == checked?.paths)
    }
}
