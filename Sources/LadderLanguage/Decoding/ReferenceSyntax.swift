/// Parsing of the dotted reference words used outside expressions: `team.emea_db`,
/// `role.executive_sponsor`, `stage.investigate.assignee`, event names.
enum ReferenceSyntax {
    /// `prefix.<id>` → id.
    static func suffix(_ text: String, after prefix: String) -> String? {
        // `prefix` is ASCII, so a text starting with its characters and "." starts with their
        // bytes: compare the contiguous bytes, which decides nearly every text without
        // counting characters. Only a non-ASCII rest (a combining mark could join the ".")
        // is decided by characters, as before.
        var text = text
        var prefixText = prefix
        let decided: String?? = text.withUTF8 { bytes in
            let length = prefix.utf8.count
            guard bytes.count > length + 1, bytes[length] == UInt8(ascii: "."),
                  prefixText.withUTF8({ UnsafeBufferPointer(rebasing: bytes[..<length]).sameBytes(as: $0) }) else { return .some(nil) }
            let rest = UnsafeBufferPointer(rebasing: bytes[(length + 1)...])
            guard rest.allSatisfy({ $0 < 0x80 }) else { return nil }
            return .some(String(decoding: rest, as: UTF8.self))
        }
        if let decided { return decided }
        guard text.hasPrefix(prefix + "."), text.count > prefix.count + 1 else { return nil }
        return String(text.dropFirst(prefix.count + 1))
    }

    static func assignTarget(_ text: String, allowPerson: Bool) -> AssignTarget? {
        if text == "routing" { return .routing }
        if let id = suffix(text, after: "team") { return .team(id) }
        if let id = suffix(text, after: "role") { return .role(id) }
        if let rest = suffix(text, after: "stage"), rest.hasSuffix(".assignee") {
            return .stageAssignee(String(rest.dropLast(".assignee".count)))
        }
        if allowPerson, !text.contains(".") { return .person(text) }
        return nil
    }

    static func recipient(_ text: String) -> Recipient? {
        switch text {
        case "customer": return .customer
        case "assignee": return .assignee
        case "owner": return .owner
        default:
            if let id = suffix(text, after: "team") { return .team(id) }
            if let id = suffix(text, after: "role") { return .role(id) }
            return nil
        }
    }

    static func levelOwner(_ text: String) -> Level.Owner? {
        if text == "routing" { return .routing }
        if let id = suffix(text, after: "team") { return .team(id) }
        if let id = suffix(text, after: "role") { return .role(id) }
        return nil
    }

    static func event(_ text: String) -> EventPattern? {
        switch text {
        case "case.opened": return .caseOpened
        case "case.updated": return .caseUpdated
        case "case.closed": return .caseClosed
        case "routing.unassigned": return .routingUnassigned
        default: break
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        switch parts[0] {
        case "stage":
            return EventPattern.StageEvent(rawValue: parts[2]).map { .stage(parts[1], $0) }
        case "sla":
            if parts[2] == "*" { return .sla(parts[1], nil) }
            return EventPattern.SLAEvent(rawValue: parts[2]).map { .sla(parts[1], $0) }
        case "level":
            return parts[2] == "entered" ? .levelEntered(parts[1]) : nil
        default:
            return nil
        }
    }

    static let eventForms = "case.opened, case.updated, case.closed, stage.<id>.started|done|skipped, sla.<id>.started|warning|breached|met|*, level.<name>.entered, routing.unassigned"
}
