import LadderDiagnostics
import LadderExpressions
import LadderLanguage

/// Template variables that do not exist, and Mustache tags Ladder cannot render.
public struct TemplateVariable: LintRule {
    public static let id = "template-variable"
    public static let severity = Severity.error
    public static let summary = "A template uses a variable that does not exist, or a Mustache tag that is malformed or unsupported."
    public static let explanation = """
        Every tag of every template `subject` and `body` is checked, pointing at the exact name in the text:
        - `{{x}}`, `{{{x}}}`, `{{&x}}` and sections `{{#x}}`/`{{^x}}` must name a template variable: \
        `case.<field>`, `case.id|opened_at|level|closed`, `stage.<id>.status|done|active|skipped|outcome|assignee|started_at` \
        or `sla.<id>.state|elapsed|remaining|breached` (`now` and `calendar.<id>.open` are not template variables);
        - inside a section, `{{.}}` is the current item (for a list field); outside one it is an error;
        - sections must be closed, by a `{{/x}}` with the same name, in order;
        - a tag opened with `{{` must be closed with `}}` (`{{{` with `}}}`);
        - partials (`{{> x}}`) and delimiter changes (`{{=<% %>=}}`) are not supported.

        Comments (`{{! … }}`) are ignored.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          title: string
        stages:
          handle: {}
        notifications:
          - name: opened
            on: case.opened
            to: [assignee]
            template: opened
        templates:
          opened:
            subject: "New case {{case.id}}"
            body: "{{case.titel}} was opened"
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          title: string
        stages:
          handle: {}
        notifications:
          - name: opened
            on: case.opened
            to: [assignee]
            template: opened
        templates:
          opened:
            subject: "New case {{case.id}}"
            body: "{{case.title}} was opened"
        """
    public init() {}

    static let variableHint = "template variables are case.<field>, stage.<id>.<property> and sla.<id>.<property>"

    public func check(_ context: inout LintContext) {
        for template in context.workflow.templates {
            if let subject = template.subject { check(subject, of: template.id.value, part: "subject", in: &context) }
            check(template.body, of: template.id.value, part: "body", in: &context)
        }
    }

    func check(_ text: SourceExpression, of template: String, part: String, in context: inout LintContext) {
        let source = context.source
        let (tags, problems) = Mustache.tags(in: text.text)
        func report(_ message: String, _ range: Range<Int>, hint: String? = nil, notes: [Diagnostic.Note] = []) {
            context.report(TemplateVariable.self, "the \(part) of template `\(template)`: \(message)", at: text.span(of: range, in: source),
                           notes: notes, hint: hint)
        }
        var sections: [MustacheTag] = []
        for tag in tags {
            switch tag.kind {
            case .comment:
                continue
            case .partial:
                report("partials (`{{> \(tag.name)}}`) are not supported", tag.nameRange, hint: "write the text into the template")
            case .delimiters:
                report("changing the delimiters is not supported; the rest of the template is not checked", tag.nameRange)
            case .close:
                guard let open = sections.last else {
                    report("`{{/\(tag.name)}}` closes a section that was never opened", tag.nameRange)
                    continue
                }
                if open.name != tag.name {
                    report("`{{/\(tag.name)}}` does not close the open section `\(open.name)`", tag.nameRange,
                           hint: "close `\(open.name)` first with `{{/\(open.name)}}`",
                           notes: [Diagnostic.Note("`\(open.name)` is opened here", span: text.span(of: open.nameRange, in: source))])
                    // Close the section it names if one is open, else take it for a misspelt close of the last one.
                    if let match = sections.lastIndex(where: { $0.name == tag.name }) { sections.removeSubrange(match...) } else { sections.removeLast() }
                } else {
                    sections.removeLast()
                }
            case .variable, .section, .inverted:
                if let problem = problem(tag, insideSection: !sections.isEmpty, scope: context.compiled.scope) {
                    report(problem.message, tag.nameRange, hint: problem.hint)
                }
                if tag.kind != .variable { sections.append(tag) }
            }
        }
        for open in sections {
            report("section `\(open.name)` is never closed", open.nameRange, hint: "close it with `{{/\(open.name)}}`")
        }
        for problem in problems { report(problem.message, problem.range, hint: problem.hint) }
    }

    /// What is wrong with a variable's name, if anything.
    func problem(_ tag: MustacheTag, insideSection: Bool, scope: WorkflowScope) -> (message: String, hint: String?)? {
        let name = tag.name
        if name.isEmpty { return ("an empty tag", TemplateVariable.variableHint) }
        if name == "." {
            return insideSection ? nil : ("`{{.}}` is the current item of a section, but it is not inside one", nil)
        }
        let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = segments.first, ["case", "stage", "sla"].contains(head) else {
            let message = name == "now" || segments.first == "calendar"
                ? "`\(name)` is not a template variable" : "unknown template variable `\(name)`"
            let suggestion = Suggestions.closest(to: segments.first ?? name, in: ["case", "stage", "sla"])
            let hint = suggestion.map { "did you mean `\(([$0] + segments.dropFirst()).joined(separator: "."))`?" } ?? TemplateVariable.variableHint
            return (message, hint)
        }
        if case .unknown(let message, let hint) = scope.resolve(segments) { return (message, hint) }
        return nil
    }
}
