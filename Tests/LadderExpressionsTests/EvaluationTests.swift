import LadderExpressions
import Testing

/// 2026-11-20T16:30:00Z.
let friday: Int64 = 1_795_192_200

@Suite struct Conditions {
    let p1Gold = Case([
        "case.priority": .string("P1"), "case.region": .string("emea"), "case.customer.tier": .string("gold"),
        "case.customer.arr": .number(250_000), "case.threats": .list([.string("legal")]),
        "case.product": .string("database"), "stage.investigate.outcome": .string("workaround"),
    ])

    @Test func routingAndStageConditionsFromTheSpec() throws {
        #expect(try compile(#"case.region == "emea" and case.product == "database""#).isTrue(p1Gold))
        #expect(try compile(#"case.priority in ["P1", "P2"]"#).isTrue(p1Gold))
        #expect(try compile(#"case.priority == "P1" or stage.investigate.outcome == "workaround""#).isTrue(p1Gold))
        #expect(try compile(#""cancellation" in case.threats or "legal" in case.threats"#).isTrue(p1Gold))
        #expect(try !compile(#"case.customer.tier == "platinum""#).isTrue(p1Gold))
        #expect(try compile(#"case.priority in ["P1","P2"] and case.customer.tier == "gold" and case.customer.arr > 100000"#).isTrue(p1Gold))
    }

    @Test func notAndOrFollowPrecedence() throws {
        #expect(try evaluate("true or true and false") == .bool(true))
        #expect(try evaluate("not false and false") == .bool(false))
        #expect(try evaluate("not 1 == 2") == .bool(true))
        #expect(try evaluate("(true or true) and false") == .bool(false))
    }

    @Test func arithmeticFollowsPrecedence() throws {
        #expect(try evaluate("2 + 3 * 4") == .int(14))
        #expect(try evaluate("(2 + 3) * 4") == .int(20))
        #expect(try evaluate("10 - 4 - 3") == .int(3))
        #expect(try evaluate("-2 * 3") == .int(-6))
        #expect(try evaluate("7 / 2") == .int(3))
        #expect(try evaluate("-7 / 2") == .int(-3))
        #expect(try evaluate("7 / 2.0") == .number(3.5))
        #expect(try evaluate("1 + 2 in [3]") == .bool(true))
    }

    @Test func intsAndNumbersMix() throws {
        #expect(try evaluate("1 + 0.5") == .number(1.5))
        #expect(try evaluate("2 == 2.0") == .bool(true))
        #expect(try evaluate("2 in [1.0, 2.0]") == .bool(true))
        #expect(try evaluate("3 > 2.5") == .bool(true))
    }

    @Test func stringsConcatenateAndOrderLexicographically() throws {
        #expect(try evaluate("'ab' + 'cd'") == .string("abcd"))
        #expect(try evaluate("'abc' < 'abd'") == .bool(true))
        #expect(try evaluate("'B' < 'a'") == .bool(true))
        #expect(try evaluate(#"case.title + "!""#, Case(["case.title": .string("down")])) == .string("down!"))
    }

    @Test func functions() throws {
        let context = Case(["case.title": .string("Database DOWN"), "case.tags": .list([.string("db"), .string("eu")])])
        #expect(try evaluate("size(case.tags)", context) == .int(2))
        #expect(try evaluate("size('héllo')", context) == .int(5))
        #expect(try evaluate("contains(lower(case.title), 'down')", context) == .bool(true))
        #expect(try evaluate("contains(case.title, 'down')", context) == .bool(false))
        #expect(try evaluate("contains(case.tags, 'eu')", context) == .bool(true))
        #expect(try evaluate("starts_with(case.title, 'Data')", context) == .bool(true))
        #expect(try evaluate("ends_with(case.title, 'DOWN')", context) == .bool(true))
        #expect(try evaluate("ends_with(case.title, 'down')", context) == .bool(false))
        #expect(try evaluate("upper('gold')", context) == .string("GOLD"))
        #expect(try evaluate("has(case.title) and not has(case.customer.email)", context) == .bool(true))
        #expect(try evaluate("contains('aaab', 'aab') and contains('x', '')", context) == .bool(true))
    }

    @Test func enumValuesAreStringsAtRuntime() throws {
        let context = Case(["case.status": .string("waiting-on-customer")])
        #expect(try evaluate(#"case.status == "waiting-on-customer""#, context) == .bool(true))
        #expect(try evaluate(#"case.status matches "^waiting""#, context) == .bool(true))
        #expect(try evaluate(#"starts_with(case.status, "wait")"#, context) == .bool(true))
    }

    @Test func longListsUseTheSameMembershipRule() throws {
        let values = (1...20).map { "\"v\($0)\"" }.joined(separator: ", ")
        let compiled = try compile("case.title in [\(values)]")
        #expect(compiled.isTrue(Case(["case.title": .string("v17")])))
        #expect(!compiled.isTrue(Case(["case.title": .string("v21")])))
        #expect(!compiled.isTrue(Case()))
    }
}

@Suite struct NullSemantics {
    let empty = Case()

    @Test func equalityTreatsNullAsAValue() throws {
        #expect(try evaluate("case.title == null", empty) == .bool(true))
        #expect(try evaluate("case.title != null", empty) == .bool(false))
        #expect(try evaluate("case.title == case.product", empty) == .bool(true))
        #expect(try evaluate(#"case.title == "x""#, empty) == .bool(false))
        #expect(try evaluate(#"case.title != "x""#, empty) == .bool(true))
        #expect(try evaluate(#"case.region != "emea""#, empty) == .bool(true))
    }

    @Test func orderingWithNullIsFalseBothWays() throws {
        #expect(try evaluate("case.level < 3", empty) == .bool(false))
        #expect(try evaluate("case.level >= 3", empty) == .bool(false))
        #expect(try evaluate("3 > case.level", empty) == .bool(false))
    }

    @Test func arithmeticAndFunctionsWithNullAreNull() throws {
        #expect(try evaluate("case.level + 1", empty) == .null)
        #expect(try evaluate("-case.level", empty) == .null)
        #expect(try evaluate("now - case.opened_at", empty) == .null)
        #expect(try evaluate("size(case.tags)", empty) == .null)
        #expect(try evaluate("lower(case.title)", empty) == .null)
        #expect(try evaluate("contains(case.title, 'x')", empty) == .null)
        #expect(try evaluate("case.title matches 'x'", empty) == .bool(false))
    }

    @Test func logicTreatsNullAsFalse() throws {
        #expect(try evaluate("case.affects_others", empty) == .null)
        #expect(try evaluate("case.affects_others and true", empty) == .bool(false))
        #expect(try evaluate("case.affects_others or true", empty) == .bool(true))
        #expect(try evaluate("not case.affects_others", empty) == .bool(true))
        #expect(try evaluate("not contains(case.title, 'x')", empty) == .bool(true))
        #expect(try !compile("case.affects_others").isTrue(empty))
    }

    @Test func nullIsInNoList() throws {
        #expect(try evaluate(#"case.priority in ["P1"]"#, empty) == .bool(false))
        #expect(try evaluate("'legal' in case.threats", empty) == .bool(false))
        #expect(try evaluate("case.title in [null]", empty) == .bool(false))
    }
}

@Suite struct Overflow {
    @Test func integerOverflowIsNull() throws {
        #expect(try evaluate("9223372036854775807 + 1") == .null)
        #expect(try evaluate("-9223372036854775807 - 2") == .null)
        #expect(try evaluate("4611686018427387904 * 2") == .null)
        #expect(try evaluate("-(-9223372036854775807 - 1)") == .null)
        #expect(try evaluate("(-9223372036854775807 - 1) / -1") == .null)
    }

    @Test func divisionByZeroIsNull() throws {
        #expect(try evaluate("1 / 0") == .null)
        #expect(try evaluate("1.5 / 0") == .null)
        #expect(try evaluate("1h / 0") == .null)
        #expect(try evaluate("1h / 0.0") == .null)
        #expect(try evaluate("1h / 0s") == .null)
        #expect(try evaluate("1 / 0 == null") == .bool(true))
    }

    @Test func nonFiniteNumbersAreNull() throws {
        let huge = try compile("case.customer.arr * case.customer.arr")
        #expect(huge.evaluate(Case(["case.customer.arr": .number(1e300)])) == .null)
        #expect(try evaluate("1w * 99999999999999.0") == .null)
    }

    @Test func textLongerThanAMebibyteIsNull() throws {
        let doubling = try compile("case.title + case.title")
        let half = String(repeating: "x", count: Operators.maximumTextBytes / 2)
        #expect(doubling.evaluate(Case(["case.title": .string(half)])) == .string(half + half))
        #expect(doubling.evaluate(Case(["case.title": .string(half + "y")])).isNull)
        let shouting = try compile("upper(case.title)")
        // "ΐ" is 2 bytes and its capital form 6: half a mebibyte in, a mebibyte and a half out.
        let growing = String(repeating: "ΐ", count: Operators.maximumTextBytes / 4)
        #expect(shouting.evaluate(Case(["case.title": .string(growing)])).isNull)
    }
}

@Suite struct DurationsAndTimes {
    let context = Case([
        "now": .time(friday), "case.opened_at": .time(friday - 5400),
        "sla.resolution.remaining": .duration(1800), "sla.resolution.elapsed": .duration(7200),
    ])

    @Test func durationLiteralsAreSecondsWithWholeDaysAndWeeks() throws {
        #expect(try evaluate("30s") == .duration(30))
        #expect(try evaluate("1h30m") == .duration(5400))
        #expect(try evaluate("2d") == .duration(172_800))
        #expect(try evaluate("1w") == .duration(604_800))
        #expect(try evaluate("1w == 7d and 1d == 24h") == .bool(true))
    }

    @Test func timeMinusTimeIsADuration() throws {
        #expect(try evaluate("now - case.opened_at", context) == .duration(5400))
        #expect(try evaluate("now - case.opened_at > 1h", context) == .bool(true))
    }

    @Test func timePlusOrMinusADurationIsATime() throws {
        #expect(try evaluate("case.opened_at + 1h30m == now", context) == .bool(true))
        #expect(try evaluate("30m + case.opened_at < now", context) == .bool(true))
        #expect(try evaluate("now - 1d", context) == .time(friday - 86_400))
    }

    @Test func durationArithmetic() throws {
        #expect(try evaluate("sla.resolution.remaining + 15m", context) == .duration(2700))
        #expect(try evaluate("sla.resolution.elapsed - 3h", context) == .duration(-3600))
        #expect(try evaluate("sla.resolution.remaining * 2", context) == .duration(3600))
        #expect(try evaluate("2 * 1h", context) == .duration(7200))
        #expect(try evaluate("1h * 0.5", context) == .duration(1800))
        #expect(try evaluate("1h / 4", context) == .duration(900))
        #expect(try evaluate("1h / 7", context) == .duration(514))
        #expect(try evaluate("1h / 3.0", context) == .duration(1200))
        #expect(try evaluate("sla.resolution.remaining / sla.resolution.elapsed", context) == .number(0.25))
        #expect(try evaluate("-sla.resolution.remaining < 0s", context) == .bool(true))
        #expect(try evaluate("sla.resolution.remaining < 30m or sla.resolution.remaining <= 30m", context) == .bool(true))
    }

    @Test func valuesReadWellInTraces() {
        #expect(Value.duration(5400).description == "1h30m")
        #expect(Value.duration(-900).description == "-15m")
        #expect(Value.duration(0).description == "0s")
        #expect(Value.duration(93_784).description == "1d2h3m4s")
        #expect(Value.time(friday).description == "2026-11-20T16:30:00Z")
        #expect(Value.time(-1).description == "1969-12-31T23:59:59Z")
        #expect(Value.time(.max).description == "@\(Int64.max)")
        #expect(Value.number(100_000).description == "100000")
        #expect(Value.number(0.25).description == "0.25")
        #expect(Value.list([.string("P1"), .null, .bool(true)]).description == #"["P1", null, true]"#)
        #expect(Value.string("say \"hi\"\n").description == #""say \"hi\"\n""#)
    }
}

@Suite struct Explaining {
    @Test func everySubConditionIsExplainedChildrenFirst() throws {
        let text = #"case.priority in ["P1", "P2"] and (case.customer.tier == "gold" or size(case.tags) > 2)"#
        let compiled = try compile(text)
        let context = Case(["case.priority": .string("P2"), "case.customer.tier": .string("standard"), "case.tags": .list([])])
        let (value, steps) = compiled.evaluateExplained(context)
        #expect(value == compiled.evaluate(context))
        #expect(value == .bool(false))
        #expect(steps.map(\.description) == [
            #"case.priority = "P2""#,
            #"case.priority in ["P1", "P2"] = true"#,
            #"case.customer.tier = "standard""#,
            #"case.customer.tier == "gold" = false"#,
            "case.tags = []",
            "size(case.tags) = 0",
            "size(case.tags) > 2 = false",
            #"case.customer.tier == "gold" or size(case.tags) > 2 = false"#,
            text + " = false",
        ])
        #expect(steps[1].range == range(of: #"case.priority in ["P1", "P2"]"#, in: text))
    }
}

/// The linter's expressions are not compiled to closures (`generatingCode: false`); when they
/// are evaluated, the interpreter must give what the compiled closures give.
@Test(arguments: [
    #"case.priority in ["P1","P2"] and case.customer.tier == "gold" and case.customer.arr > 100000"#,
    #"case.customer.arr * 2 - 1"#,
    #"not (case.region == "apac") or size(case.threats) > 1"#,
    #"case.product matches "^data" and lower(case.product) == "database""#,
    #"case.customer.arr / 0"#,
])
func interpretedExpressionsEvaluateAsCompiledOnes(text: String) throws {
    let contexts = [
        Case(["case.priority": .string("P1"), "case.customer.tier": .string("gold"), "case.customer.arr": .number(250_000),
              "case.region": .string("emea"), "case.threats": .list([.string("legal")]), "case.product": .string("database")]),
        Case(["case.priority": .string("P3"), "case.region": .string("apac"), "case.threats": .list([])]),
        Case(),
    ]
    let compiled = try #require(CompiledExpression.make(text: text, scope: schema, expected: nil).0)
    let interpreted = try #require(CompiledExpression.make(text: text, scope: schema, expected: nil, generatingCode: false).0)
    for context in contexts {
        #expect(interpreted.evaluate(context) == compiled.evaluate(context))
        #expect(interpreted.isTrue(context) == compiled.isTrue(context))
    }
}
