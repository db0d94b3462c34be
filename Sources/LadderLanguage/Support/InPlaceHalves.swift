/// Builds an array of `count` elements in two halves on two threads (as `inTwoHalves` does), each
/// half initializing its elements in place in the one array: no array per half, and no third
/// array joining them while both halves are still alive.
///
/// `build` gets its range and the slots, and must initialize each element of its range exactly
/// once; it returns what else the half produced (its diagnostics).
func buildInTwoHalves<Element, Extra: Sendable>(
    count: Int, _ build: @Sendable (Range<Int>, InPlaceSlots<Element>) -> Extra
) -> (elements: [Element], extras: (Extra, Extra)) {
    precondition(count > 0, "nothing to build")
    var extras: (Extra, Extra)?
    let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = InPlaceSlots(base: buffer.baseAddress!)
        extras = inTwoHalves(of: count) { range in build(range, slots) }
        initialized = count
    }
    return (elements, extras!)
}

/// The uninitialized elements of an array being built by `buildInTwoHalves`. The two halves
/// write disjoint ranges.
struct InPlaceSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    func initialize(_ index: Int, to value: consuming Element) {
        (base + index).initialize(to: value)
    }

    /// Changes an element already initialized.
    func update(_ index: Int, _ change: (inout Element) -> Void) {
        change(&(base + index).pointee)
    }
}
