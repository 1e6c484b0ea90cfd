import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that carries FundLedger's macros (declared in the `Memberwise` library).
@main
struct FundLedgerMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PublicMemberwiseInitMacro.self]
}
