//! clap writes its own parts of the help in English (`Usage:`, `Options:`, `Print help`,
//! `[default: …]`, the `help` subcommand): this module gives every command Chinese headings, its
//! own help and version flags and `help` subcommand, and says defaults and choices in Chinese, so
//! that a Chinese reader's `--help` is Chinese throughout. clap's error messages for a mistyped
//! command line stay clap's.
use std::ffi::OsString;
use std::io::IsTerminal;

use clap::builder::styling::Style;
use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches};

const ARGUMENTS: &str = "参数";
const OPTIONS: &str = "选项";
/// The `help` subcommand's argument.
const HELP_TOPIC: &str = "命令";

/// The command line of `P`, with its help in Chinese.
pub fn command<P: CommandFactory>() -> Command {
    localize(P::command())
}

/// Parse the process's arguments as clap's `Parser::parse` does, with the help in Chinese.
pub fn parse<P: CommandFactory + FromArgMatches>() -> P {
    let mut cmd = command::<P>();
    let args: Vec<OsString> = std::env::args_os().collect();
    let matches = cmd
        .try_get_matches_from_mut(&args)
        .unwrap_or_else(|e| exit(e));
    if let Some(path) = help_request(&matches) {
        // Parsing `policylens PATH… --help` prints the help of PATH as clap's own `help`
        // subcommand would, usage line included.
        let mut again = vec![args.first().cloned().unwrap_or_else(|| "policylens".into())];
        again.extend(path.into_iter().map(OsString::from));
        again.push("--help".into());
        let e = match command::<P>().try_get_matches_from_mut(again) {
            Ok(_) => unreachable!("--help always ends parsing"),
            Err(e) => e,
        };
        exit(e);
    }
    P::from_arg_matches(&matches).unwrap_or_else(|e| exit(e.format(&mut cmd)))
}

/// Print clap's message (help, version or a usage error) and exit with its code.
fn exit(e: clap::Error) -> ! {
    let to_stderr = e.use_stderr();
    let colour = std::env::var_os("NO_COLOR").is_none()
        && if to_stderr {
            std::io::stderr().is_terminal()
        } else {
            std::io::stdout().is_terminal()
        };
    let rendered = e.render();
    let text = if colour {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    // The usage line's `[OPTIONS]` is clap's; it has no setting for it.
    let text = text.replace("[OPTIONS]", "[选项]");
    if to_stderr {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    std::process::exit(e.exit_code())
}

/// `policylens [COMMAND…] help [TOPIC…]`: the command path whose help is asked for.
fn help_request(matches: &ArgMatches) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        if name == "help" {
            path.extend(
                sub.get_many::<String>(HELP_TOPIC)
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            return Some(path);
        }
        path.push(name.to_string());
        m = sub;
    }
    None
}

fn template() -> String {
    let heading = Style::new().bold().underline();
    format!(
        "{{before-help}}{{about-with-newline}}\n{heading}用法:{heading:#} {{usage}}\n\n{{all-args}}{{after-help}}"
    )
}

fn localize(cmd: Command) -> Command {
    let has_subcommands = cmd.has_subcommands();
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(template())
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(localize_arg)
        .mut_subcommands(localize)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助（-h 简要，--help 完整）")
                .help_heading(OPTIONS),
        );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading(OPTIONS),
        );
    }
    if has_subcommands {
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help")
                .about("显示本帮助，或某个命令的帮助")
                .help_template(template())
                .disable_help_flag(true)
                .arg(
                    Arg::new(HELP_TOPIC)
                        .action(ArgAction::Append)
                        .num_args(..)
                        .value_name("命令")
                        .help("要看帮助的命令")
                        .help_heading(ARGUMENTS),
                ),
        );
    }
    cmd
}

/// Chinese heading; the default and the choices said in Chinese in the help text.
fn localize_arg(a: Arg) -> Arg {
    let heading = if a.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let mut notes = Vec::new();
    if a.get_action().takes_values() {
        if !a.is_hide_default_value_set() {
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.is_empty())
                .collect();
            if !defaults.is_empty() {
                notes.push(format!("默认：{}", defaults.join("、")));
            }
        }
        if !a.is_hide_possible_values_set() {
            let choices: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !choices.is_empty() {
                notes.push(format!("可选：{}", choices.join("、")));
            }
        }
    }
    let mut a = a.help_heading(heading);
    if a.get_action().takes_values() {
        // clap would say them again, in English (an empty default too).
        a = a.hide_default_value(true).hide_possible_values(true);
    }
    if notes.is_empty() {
        return a;
    }
    let extra = format!("（{}）", notes.join("；"));
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let long = a.get_long_help().map(|h| h.to_string());
    a = a.help(format!("{help}{extra}"));
    if let Some(long) = long {
        a = a.long_help(format!("{long}{extra}"));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser)]
    #[command(name = "demo", version, about = "示例")]
    struct Demo {
        /// 输出格式
        #[arg(long, default_value = "text", value_parser = ["json", "text"])]
        format: String,
    }

    #[test]
    fn the_localized_command_line_is_valid() {
        command::<crate::Cli>().debug_assert();
    }

    #[test]
    fn defaults_choices_and_headings_are_chinese() {
        let help = command::<Demo>().render_help().to_string();
        assert!(help.contains("用法:"), "{help}");
        assert!(help.contains("选项:"), "{help}");
        assert!(
            help.contains("输出格式（默认：text；可选：json、text）"),
            "{help}"
        );
        assert!(
            help.contains("显示帮助") && help.contains("显示版本"),
            "{help}"
        );
        assert!(
            !help.contains("Print") && !help.contains("default:"),
            "{help}"
        );
    }
}
