/// A value stored out of line. An optional part that most values lack (a stage's own SLA, its
/// message) then costs one pointer inline instead of its whole size; arrays of thousands of
/// stages stay small.
final class Indirect<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
