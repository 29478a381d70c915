//! `commands!`: one entry per command gives the `Command` variant, its name, its
//! description in English and Chinese, its argument kind, the pane that runs it and
//! its default keys per context. The `SPECS` table, names, parsing and the defaults
//! of the keymap are generated from it; the palette and help read `SPECS`.

/// Declares every command; `decl.rs` holds the one invocation.
macro_rules! commands {
    (@ty $a:ident) => { Option<String> };
    (@none $a:ident) => { None };
    (@kind) => { None };
    (@kind $a:ident) => { Some($crate::app::command::ArgKind::$a) };
    (@get) => { None };
    (@get $a:ident) => { $a.as_deref() };
    ($(
        $variant:ident $(($arg:ident))? = $name:literal in $scope:ident,
        en $en:literal,
        zh $zh:literal,
        keys [$($ctx:ident $keys:literal),* $(,)?];
    )*) => {
        /// A user action. Variants with an argument take it from the palette
        /// (`:move resolved`), a binding (`"s d" = "sort due"`) or a picker; without
        /// one they ask.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Command {
            $( $variant $((commands!(@ty $arg)))?, )*
        }

        /// The position of each command in `SPECS`.
        #[allow(clippy::upper_case_acronyms)]
        enum Id {
            $( $variant, )*
        }

        /// One row per command, in declaration order.
        pub static SPECS: &[$crate::app::command::Spec] = &[
            $( $crate::app::command::Spec {
                name: $name,
                en: $en,
                zh: $zh,
                arg: commands!(@kind $($arg)?),
                scope: $crate::app::command::Scope::$scope,
                keys: &[$(($crate::app::keys::Context::$ctx, $keys)),*],
            }, )*
        ];

        /// Every command without its argument, in declaration order.
        const BARE: &[Command] = &[
            $( Command::$variant $((commands!(@none $arg)))?, )*
        ];

        impl Command {
            /// The command's row of `SPECS`.
            pub fn spec(&self) -> &'static $crate::app::command::Spec {
                let id = match self {
                    $( Command::$variant { .. } => Id::$variant, )*
                };
                &SPECS[id as usize]
            }

            /// The argument given, if the command takes one and it was given.
            #[allow(non_snake_case)]
            pub fn arg(&self) -> Option<&str> {
                match self {
                    $( Command::$variant $(($arg))? => commands!(@get $($arg)?), )*
                }
            }

            /// The same command with `arg` as its argument (ignored by commands without one).
            #[allow(non_snake_case, unused_variables)]
            pub fn with_arg(&self, arg: Option<String>) -> Command {
                match self {
                    $( Command::$variant $(($arg))? => Command::$variant $(({
                        let _ = $arg;
                        arg
                    }))?, )*
                }
            }

            /// The command of `SPECS[i]`, without an argument.
            pub(super) fn bare(i: usize) -> Option<&'static Command> {
                BARE.get(i)
            }
        }
    };
}
