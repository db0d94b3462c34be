import LadderExpressions
import Testing

@Suite struct Precedence {
    @Test func andBindsTighterThanOr() {
        #expect(shape("a or b and c") == "(or a (and b c))")
        #expect(shape("a and b or c") == "(or (and a b) c)")
    }

    @Test func notBindsLooserThanComparisonsAndTighterThanAnd() {
        #expect(shape("not a == b and c") == "(and (not (== a b)) c)")
        #expect(shape("not not a") == "(not (not a))")
        #expect(shape("a and not b") == "(and a (not b))")
    }

    @Test func inBindsTighterThanComparisons() {
        #expect(shape("a in b == c") == "(== (in a b) c)")
    }

    @Test func arithmeticBindsTighterThanInAndComparisons() {
        #expect(shape("a + b * c > d - e / f") == "(> (+ a (* b c)) (- d (/ e f)))")
        #expect(shape("x + 1 in [1, 2]") == "(in (+ x 1) [1 2])")
        #expect(shape("a - b - c") == "(- (- a b) c)")
        #expect(shape("a / b * c") == "(* (/ a b) c)")
    }

    @Test func unaryMinusBindsTightest() {
        #expect(shape("-a * b") == "(* (- a) b)")
        #expect(shape("- -3") == "(- (- 3))")
    }

    @Test func parenthesesOverridePrecedence() {
        #expect(shape("(a or b) and c") == "(and (or a b) c)")
        #expect(shape("(a + b) * c") == "(* (+ a b) c)")
    }

    @Test func matchesTakesAPatternLiteral() {
        #expect(shape(#"case.title matches "^db" and x"#) == "(and (matches case.title /^db/) x)")
    }

    @Test func literalsOfEveryKind() {
        #expect(shape(#"["P1", 'P2', 42, 1.5, true, false, null, 1h30m, 2d, 1w]"#)
            == #"["P1" "P2" 42 1.5 true false null 1h30m 2d 7d]"#)
    }

    @Test func stringEscapesAreDecodedAndOtherBackslashesKept() {
        #expect(shape(#""a\"b\'c\\d\ne\tf""#) == #""a\"b'c\\d\ne\tf""#)
        #expect(shape(#"x matches "^\d+\.\w$""#) == #"(matches x /^\d+\.\w$/)"#)
    }

    @Test func pathsKeepEverySegmentAndKeywordsAreNamesAfterADot() {
        #expect(shape("case.customer.tier == stage.in.not") == "(== case.customer.tier stage.in.not)")
    }

    @Test func callsTakeArgumentLists() {
        #expect(shape("contains(lower(case.title), 'db') or size(x) > 0")
            == #"(or (contains (lower case.title) "db") (> (size x) 0))"#)
        #expect(shape("[] == [1,]") == "(== [] [1])")
    }

    @Test func nodeRangesLeaveOutTheirOwnParenthesesButCoverTheirOperands() throws {
        let text = "( case.level + 1 ) * 2"
        let (parsed, _) = ExpressionCompiler.parse(text)
        let root = try #require(parsed?.root)
        #expect(root.range == 0..<22)
        guard case .binary(.multiply, let lhs, let rhs) = root.kind else { Issue.record("not a product"); return }
        #expect(lhs.range == 2..<16)
        #expect(rhs.range == 21..<22)
    }
}

@Suite struct SyntaxErrors {
    func error(_ text: String) -> ExpressionDiagnostic? {
        let (parsed, diagnostics) = ExpressionCompiler.parse(text)
        #expect(parsed == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == "expression-syntax")
        return diagnostics.first
    }

    @Test func doubleAmpersandSuggestsAnd() {
        let diagnostic = error("a && b")
        #expect(diagnostic?.range == 2..<4)
        #expect(diagnostic?.hint == "write and")
    }

    @Test func doublePipeSuggestsOr() {
        #expect(error("a || b")?.hint == "write or")
    }

    @Test func bangSuggestsNot() {
        let diagnostic = error("!stage.resolve.done")
        #expect(diagnostic?.range == 0..<1)
        #expect(diagnostic?.hint?.hasPrefix("write not") == true)
    }

    @Test func singleEqualsSuggestsDoubleEquals() {
        let diagnostic = error(#"case.region = "emea""#)
        #expect(diagnostic?.range == 12..<13)
        #expect(diagnostic?.hint == "write == to compare")
    }

    @Test func chainedComparisonIsAnErrorWithAHint() {
        let diagnostic = error("1 < x < 3")
        #expect(diagnostic?.range == 6..<7)
        #expect(diagnostic?.message == "comparisons cannot be chained")
        #expect(diagnostic?.hint?.contains("and") == true)
        #expect(error("a == b == c")?.range == 7..<9)
    }

    @Test func notInIsAnErrorWithAHint() {
        let diagnostic = error(#"case.priority not in ["P1"]"#)
        #expect(diagnostic?.range == 14..<20)
        #expect(diagnostic?.hint == "write not (x in [...])")
    }

    @Test func notRightOfAComparisonNeedsParentheses() {
        #expect(error("a == not b")?.range == 5..<8)
    }

    @Test func unclosedStringPointsFromItsQuoteToTheEnd() {
        let diagnostic = error(#"x == "emea"#)
        #expect(diagnostic?.range == 5..<10)
        #expect(diagnostic?.message == "string is not closed")
    }

    @Test func badDurationUnitIsReportedOnTheLiteral() {
        let diagnostic = error("x > 3y")
        #expect(diagnostic?.range == 4..<6)
        #expect(diagnostic?.message.contains("unknown duration unit") == true)
        #expect(error("x > 1.5h")?.hint?.contains("1h30m") == true)
    }

    @Test func integerTooLargeIsReported() {
        #expect(error("x > 99999999999999999999")?.range == 4..<24)
    }

    @Test func missingOperandsAndBrackets() {
        #expect(error("")?.message == "expression is empty")
        #expect(error("a and")?.range == 5..<5)
        #expect(error("(a or b")?.range == 0..<1)
        #expect(error("a or b)")?.range == 6..<7)
        #expect(error("[1 2]")?.hint == "separate list elements with commas")
        #expect(error("a b")?.range == 2..<3)
        #expect(error("and b")?.range == 0..<3)
        #expect(error("case.")?.range == 0..<5)
        #expect(error("x == é")?.range == 5..<7)
    }

    @Test func matchesNeedsAStringLiteralAndAValidPattern() {
        #expect(error("x matches y")?.range == 10..<11)
        let invalid = error(#"x matches "a(b""#)
        #expect(invalid?.range == 10..<15)
        #expect(invalid?.message.hasPrefix("invalid regular expression") == true)
    }

    @Test func callingAPathIsAnError() {
        #expect(error("case.size(x)")?.range == 0..<9)
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotACrash() {
        let depth = ExpressionLimits.maximumNesting
        let fine = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        #expect(ExpressionCompiler.parse(fine).0 != nil)
        let tooDeep = String(repeating: "(", count: depth + 1) + "x" + String(repeating: ")", count: depth + 1)
        #expect(error(tooDeep)?.message.contains("nested too deeply") == true)
        #expect(error(String(repeating: "not ", count: 10_000) + "x") != nil)
        #expect(error(String(repeating: "[", count: 5_000)) != nil)
        #expect(error(String(repeating: "-", count: 5_000) + "1") != nil)
    }

    @Test func longOperatorChainsAreBoundedToo() {
        let atLimit = Array(repeating: "1", count: ExpressionLimits.maximumHeight / 2).joined(separator: " + ")
        #expect(ExpressionCompiler.parse(atLimit).0 != nil)
        let chain = Array(repeating: "x", count: 2_000).joined(separator: " or ")
        #expect(error(chain)?.message.contains("too many operators") == true)
    }

    @Test func aLexicalErrorAnywhereIsReportedBeforeAGrammarErrorEarlierInTheText() {
        // Tokens are read as the parser needs them; the rest of the text is still lexed on error.
        #expect(error(#"a b "unclosed"#)?.message == "string is not closed")
        #expect(error("(a or b c && d")?.range == 10..<12)
        #expect(error("a and or 1.5x")?.hint?.contains("1h30m") == true)
        #expect(error("x matches y !")?.range == 12..<13)
        #expect(error("case.priority not in x.")?.message.hasPrefix("a path cannot end") == true)
        #expect(error(String(repeating: "(", count: ExpressionLimits.maximumNesting + 1) + " x = 1")?.hint == "write == to compare")
    }

    @Test func theFirstLexicalErrorWinsOverLaterOnes() {
        #expect(error(#"a $ "unclosed"#)?.range == 2..<3)
        #expect(error("x == 99999999999999999999 && y")?.range == 5..<25)
    }

    @Test func keywordsAreWholeWordsOnly() {
        #expect(shape("notx and andy or ory in inx") == "(or (and notx andy) (in ory inx))")
        #expect(shape("matchesx == nullx") == "(== matchesx nullx)")
        #expect(shape("[true, false, null]") == "[true false null]")
    }

    @Test func overlongTextIsRefusedUpFront() {
        let text = String(repeating: "x", count: ExpressionLimits.maximumLength + 5)
        #expect(error(text)?.range == ExpressionLimits.maximumLength..<ExpressionLimits.maximumLength + 5)
    }
}
