/// Gives a struct the public memberwise initialiser Swift synthesises only internally.
///
/// The generated `public init` takes one parameter per stored property, in declaration order, labelled
/// with the property's name; a `var`'s initial value becomes the parameter's default, so
/// `public var schemaVersion: Int = 1` reads as `schemaVersion: Int = 1`. Static and computed properties,
/// and `let`s with an initial value (they cannot be assigned again), are left out; a closure is taken
/// `@escaping`. Every stored property needs a type annotation. A type whose initialiser does more than
/// assign (checks, derived values, other labels), or whose default has a cost (`UUID()`: an initial value
/// runs in every initialiser, even when the argument is given), keeps a hand-written one. See docs/macros.md.
///
/// ```swift
/// @PublicMemberwiseInit
/// public struct YearAmount: Sendable {
///     public var year: Int
///     public var amount: Money
/// }
/// // public init(year: Int, amount: Money) { self.year = year; self.amount = amount }
/// ```
@attached(member, names: named(init))
public macro PublicMemberwiseInit() = #externalMacro(module: "FundLedgerMacros", type: "PublicMemberwiseInitMacro")
