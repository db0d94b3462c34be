/// A regular expression for `matches`, run by a Pike VM: time linear in the text times the
/// program size, no backtracking, so no pattern can blow up on any input.
///
/// Search semantics: `"abc" matches "b"` is true; anchor with `^` and `$` for a whole match.
/// Case-sensitive unless the pattern starts with `(?i)` (ASCII letters). Syntax: see
/// ``RegexParser``. Programs are at most ``maximumSize`` instructions, so `(a{1000}){1000}` is
/// refused when compiled.
public struct RegularExpression: Hashable, Sendable, CustomStringConvertible {
    /// Largest compiled program, in instructions.
    public static let maximumSize = 10_000

    /// The pattern as written (after string escapes).
    public let pattern: String
    private let program: RegexProgram

    /// Compiles `pattern`, or says why it is not supported.
    public init(_ pattern: String) throws(RegexSyntaxError) {
        self.pattern = pattern
        let (node, caseInsensitive) = try RegexParser.parse(pattern)
        let size = RegexProgram.size(of: node)
        guard size <= RegularExpression.maximumSize else {
            throw RegexSyntaxError(message: "pattern is too large once repetitions are expanded (more than \(RegularExpression.maximumSize) steps)")
        }
        program = RegexProgram(node, caseInsensitive: caseInsensitive)
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool { program.search(text) }

    public var description: String { pattern }

    public static func == (a: RegularExpression, b: RegularExpression) -> Bool { a.pattern == b.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}

/// A compiled pattern: instructions for a Thompson NFA simulation.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        case any
        case set(Int)
        /// Continue at both, the first preferred.
        case split(Int, Int)
        case jump(Int)
        case textStart
        case textEnd
        case match
    }

    private(set) var instructions: [Instruction] = []
    private(set) var sets: [ScalarSet] = []
    let caseInsensitive: Bool

    init(_ node: RegexNode, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        emit(node)
        instructions.append(.match)
    }

    /// Instructions `node` compiles to, saturating just above the maximum.
    static func size(of node: RegexNode) -> Int {
        let cap = RegularExpression.maximumSize + 1
        let size: Int
        switch node {
        case .empty: size = 0
        case .scalar, .any, .set, .textStart, .textEnd: size = 1
        case .concatenation(let items): size = items.reduce(0) { $0 + Self.size(of: $1) }
        case .alternation(let branches): size = branches.reduce(0) { $0 + Self.size(of: $1) } + 2 * (branches.count - 1)
        case .repetition(let inner, let minimum, let maximum):
            let one = Self.size(of: inner)
            let optional = maximum.map { ($0 - minimum) * (one + 1) } ?? (one + 2)
            size = minimum * one + optional
        }
        return min(size, cap)
    }

    // MARK: - Compiling

    private mutating func append(_ instruction: Instruction) -> Int {
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func patchSplit(_ at: Int, second: Int) {
        if case .split(let first, _) = instructions[at] { instructions[at] = .split(first, second) }
    }

    private mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty:
            break
        case .scalar(let value):
            _ = append(.scalar(caseInsensitive ? RegexProgram.fold(value) : value))
        case .any:
            _ = append(.any)
        case .set(let set):
            sets.append(set)
            _ = append(.set(sets.count - 1))
        case .textStart:
            _ = append(.textStart)
        case .textEnd:
            _ = append(.textEnd)
        case .concatenation(let items):
            for item in items { emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for branch in branches.dropLast() {
                let split = append(.split(instructions.count + 1, -1))
                emit(branch)
                jumps.append(append(.jump(-1)))
                patchSplit(split, second: instructions.count)
            }
            emit(branches[branches.count - 1])
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let inner, let minimum, let maximum):
            for _ in 0..<minimum { emit(inner) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(append(.split(instructions.count + 1, -1)))
                    emit(inner)
                }
                for split in splits { patchSplit(split, second: instructions.count) }
            } else {
                let loop = append(.split(instructions.count + 1, -1))
                emit(inner)
                _ = append(.jump(loop))
                patchSplit(loop, second: instructions.count)
            }
        }
    }

    // MARK: - Matching

    /// ASCII lowercase.
    @inline(__always)
    static func fold(_ scalar: UInt32) -> UInt32 {
        scalar >= 0x41 && scalar <= 0x5A ? scalar + 0x20 : scalar
    }

    @inline(__always)
    private func accepts(_ instruction: Instruction, _ scalar: UInt32) -> Bool {
        switch instruction {
        case .scalar(let expected):
            return expected == (caseInsensitive ? RegexProgram.fold(scalar) : scalar)
        case .any:
            return scalar != 0x0A
        case .set(let index):
            let set = sets[index]
            var covered = set.covers(scalar)
            if !covered, caseInsensitive {
                let lower = RegexProgram.fold(scalar)
                let upper = lower >= 0x61 && lower <= 0x7A ? lower - 0x20 : lower
                covered = set.covers(lower) || set.covers(upper)
            }
            return covered != set.negated
        default:
            return false
        }
    }

    /// A set of instruction indexes with O(1) insert, test and clear (Briggs & Torczon).
    private struct ThreadList {
        var dense: [Int32]
        var sparse: [Int32]
        var count = 0

        init(capacity: Int) {
            dense = Array(repeating: 0, count: capacity)
            sparse = Array(repeating: 0, count: capacity)
        }

        func contains(_ pc: Int) -> Bool {
            let slot = Int(sparse[pc])
            return slot < count && Int(dense[slot]) == pc
        }

        mutating func insert(_ pc: Int) {
            dense[count] = Int32(pc)
            sparse[pc] = Int32(count)
            count += 1
        }
    }

    /// Follows jumps, splits and assertions from `pc`, adding every reachable instruction to
    /// `list`. Returns true when `match` is reachable.
    private func addThread(_ pc: Int, to list: inout ThreadList, stack: inout [Int], atStart: Bool, atEnd: Bool) -> Bool {
        stack.append(pc)
        while let pc = stack.popLast() {
            guard !list.contains(pc) else { continue }
            list.insert(pc)
            switch instructions[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .textStart: if atStart { stack.append(pc + 1) }
            case .textEnd: if atEnd { stack.append(pc + 1) }
            case .match:
                stack.removeAll(keepingCapacity: true)
                return true
            case .scalar, .any, .set: break
            }
        }
        return false
    }

    func search(_ text: String) -> Bool {
        let count = instructions.count
        var current = ThreadList(capacity: count)
        var next = ThreadList(capacity: count)
        var stack: [Int] = []
        stack.reserveCapacity(count * 2)
        let anchoredAtStart: Bool = if case .textStart = instructions[0] { true } else { false }
        var scalars = text.unicodeScalars.makeIterator()
        var scalar = scalars.next()
        var atStart = true
        while true {
            if atStart || !anchoredAtStart {
                if addThread(0, to: &current, stack: &stack, atStart: atStart, atEnd: scalar == nil) { return true }
            }
            guard let input = scalar?.value, current.count > 0 else { return false }
            let following = scalars.next()
            next.count = 0
            for slot in 0..<current.count {
                let pc = Int(current.dense[slot])
                if accepts(instructions[pc], input),
                   addThread(pc + 1, to: &next, stack: &stack, atStart: false, atEnd: following == nil) {
                    return true
                }
            }
            swap(&current, &next)
            scalar = following
            atStart = false
        }
    }
}
