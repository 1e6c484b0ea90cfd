import MemberwiseMacros
import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that carries FundLedger's macros (declared in the `Memberwise` library).
@main
struct FundLedgerMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PublicMemberwiseInitMacro.self]
}

/// `@PublicMemberwiseInit` under the name the compiler asks this plugin for
/// (`FundLedgerMacros.PublicMemberwiseInitMacro`); the expansion, and its tests, are in `MemberwiseMacros`.
public final class PublicMemberwiseInitMacro: MemberwiseMacros.PublicMemberwiseInitMacro {}
