/// The read-only fields every case has.
public enum BuiltinFields {
    /// `case.id`, `case.opened_at`, `case.level`, `case.closed`.
    public static let names: Set<String> = ["id", "opened_at", "level", "closed"]
}
