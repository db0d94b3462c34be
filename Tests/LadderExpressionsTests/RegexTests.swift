import LadderExpressions
import Testing

@Suite struct Regex {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try RegularExpression(pattern).matches(text)
    }

    func refused(_ pattern: String) -> String? {
        do {
            _ = try RegularExpression(pattern)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func searchesAnywhereUnlessAnchored() throws {
        #expect(try matches("b", "abc"))
        #expect(try !matches("^b", "abc"))
        #expect(try matches("^a", "abc"))
        #expect(try matches("c$", "abc"))
        #expect(try !matches("b$", "abc"))
        #expect(try matches("^abc$", "abc"))
        #expect(try !matches("^abc$", "abcd"))
        #expect(try matches("", "anything"))
        #expect(try matches("^$", ""))
    }

    @Test func dotMatchesAnyCharacterButNewline() throws {
        #expect(try matches("^a.c$", "abc"))
        #expect(try matches("^a.c$", "aéc"))
        #expect(try !matches("^a.c$", "a\nc"))
    }

    @Test func classesRangesAndNegation() throws {
        #expect(try matches("^[a-z0-9_-]+$", "emea_db-2"))
        #expect(try !matches("^[a-z0-9_-]+$", "EMEA"))
        #expect(try matches("^[^0-9]+$", "abc"))
        #expect(try !matches("^[^0-9]+$", "ab1"))
        #expect(try matches("^[]a]+$", "]a]"))
        #expect(try matches(#"^[\d.]+$"#, "1.5"))
        #expect(try matches(#"^[a\-z]$"#, "-"))
    }

    @Test func escapes() throws {
        #expect(try matches(#"^\d+$"#, "2026"))
        #expect(try !matches(#"^\d+$"#, "20x6"))
        #expect(try matches(#"^\w+@\w+\.com$"#, "anna@example.com"))
        #expect(try !matches(#"^\w+@\w+\.com$"#, "anna@examplexcom"))
        #expect(try matches(#"a\sb"#, "a b"))
        #expect(try matches(#"^\D\W\S$"#, "a-b"))
        #expect(try matches(#"\\"#, #"a\b"#))
        #expect(try matches(#"\(x\)"#, "(x)"))
    }

    @Test func quantifiers() throws {
        #expect(try matches("^ab*c$", "ac"))
        #expect(try matches("^ab*c$", "abbbc"))
        #expect(try !matches("^ab+c$", "ac"))
        #expect(try matches("^ab?c$", "abc"))
        #expect(try !matches("^ab?c$", "abbc"))
        #expect(try matches("^a{3}$", "aaa"))
        #expect(try !matches("^a{3}$", "aa"))
        #expect(try matches("^a{2,3}$", "aaa"))
        #expect(try !matches("^a{2,3}$", "aaaa"))
        #expect(try matches("^a{2,}$", "aaaaaa"))
        #expect(try !matches("^a{2,}$", "a"))
        #expect(try matches("^a*?b$", "aab"))
        #expect(try matches("^a{,2}$", "a{,2}"))
    }

    @Test func alternationAndGroups() throws {
        #expect(try matches("^(P1|P2)$", "P2"))
        #expect(try !matches("^(P1|P2)$", "P3"))
        #expect(try matches("^(?:ab)+$", "ababab"))
        #expect(try !matches("^(ab)+$", "aba"))
        #expect(try matches("cat|dog", "hotdog"))
        #expect(try matches("^(a|)$", ""))
    }

    @Test func caseInsensitivePrefix() throws {
        #expect(try matches("(?i)^urgent", "URGENT: db down"))
        #expect(try matches("(?i)^[a-c]+$", "AbC"))
        #expect(try !matches("^urgent", "URGENT"))
        #expect(try !matches("(?i)^[^a]$", "A"))
        #expect(try matches("(?i)^[^a]$", "b"))
    }

    @Test func pathologicalPatternsFinishBecauseNothingBacktracks() throws {
        let long = String(repeating: "a", count: 20_000)
        #expect(try !matches("(a*)*b", long))
        #expect(try matches("(a*)*b", long + "b"))
        #expect(try !matches("^(a|aa)+$", long + "c"))
        #expect(try !matches("(a|a)*(a|a)*(a|a)*c", long))
        #expect(try !matches("(x+x+)+y", String(repeating: "x", count: 5_000)))
    }

    @Test func invalidPatternsAreRefusedWithAReason() {
        #expect(refused("a(b") == "missing \")\"")
        #expect(refused("ab)") == "unmatched \")\"")
        #expect(refused("[a-") == "missing \"]\"")
        #expect(refused("[z-a]")?.contains("backwards") == true)
        #expect(refused("*a")?.hasPrefix("nothing to repeat") == true)
        #expect(refused("a**")?.hasPrefix("two quantifiers") == true)
        #expect(refused(#"\b"#) == #"unsupported escape \b"#)
        #expect(refused("a\\") == "pattern ends with a lone backslash")
        #expect(refused("(?=a)")?.hasPrefix("unsupported group") == true)
        #expect(refused("a{5,2}")?.contains("maximum below") == true)
        #expect(refused("a{1001}")?.contains("above 1000") == true)
        #expect(refused(String(repeating: "(", count: 40) + String(repeating: ")", count: 40))?.contains("nested") == true)
    }

    @Test func expansionBeyondTheProgramLimitIsRefused() {
        #expect(refused("(a{100}){101}")?.contains("too large") == true)
        #expect(refused("((a{1000}){1000}){1000}")?.contains("too large") == true)
        #expect(refused("a{99}") == nil)
        #expect(refused("(a{100}){100}") == nil)
    }

    @Test func invalidPatternInAnExpressionIsASyntaxErrorOnTheLiteral() {
        let text = #"case.title matches "(a{100}){101}""#
        let diagnostics = diagnose(text)
        #expect(diagnostics.map(\.id) == ["expression-syntax"])
        #expect(diagnostics.first?.range == 19..<34)
    }
}
