//! clap writes its own parts of the help in English (`Usage:`, `Options:`, `Print help`,
//! `[default: …]`, the `help` subcommand): this module gives every command Chinese headings, its
//! own help and version flags and `help` subcommand, and says defaults and choices in Chinese, so
//! that a Chinese reader's `--help` is Chinese throughout. clap's error messages for a mistyped
//! command line are said again in Chinese ([`chinese_error`]), from the parts clap records.
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
    let text = match chinese_error(&e) {
        Some(text) => text,
        None => {
            let rendered = e.render();
            if colour {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            }
        }
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

/// A usage error said in Chinese: what is wrong, a suggestion when clap has one, the usage line
/// and where to read more. `None` for help and version output (already Chinese) and for kinds
/// clap records nothing about.
pub fn chinese_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| -> Vec<String> {
        match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
            Some(ContextValue::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    };
    let first = |kind: ContextKind| get(kind).into_iter().next().unwrap_or_default();
    let arg = first(ContextKind::InvalidArg);
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => format!("不认识的参数 “{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 “{}” 这个命令", first(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必需的参数：{}",
                get(ContextKind::InvalidArg).join("、")
            )
        }
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidValue => {
            let value = first(ContextKind::InvalidValue);
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("参数 {arg} 需要一个值")
            } else if valid.is_empty() {
                format!("参数 {arg} 的值 “{value}” 无效")
            } else {
                format!(
                    "参数 {arg} 的值 “{value}” 无效（可选：{}）",
                    valid.join("、")
                )
            }
        }
        ErrorKind::ValueValidation => {
            let need = match std::error::Error::source(e) {
                Some(s) if s.is::<std::num::ParseIntError>() => "需要一个范围内的整数".to_string(),
                Some(s) if s.is::<std::num::ParseFloatError>() => "需要一个数".to_string(),
                Some(s) if s.is::<std::str::ParseBoolError>() => "需要 true 或 false".to_string(),
                // The program's own value parsers say what is wrong in Chinese.
                Some(s) => s.to_string(),
                None => "格式不对".to_string(),
            };
            format!(
                "参数 {arg} 的值 “{}” 无效（{need}）",
                first(ContextKind::InvalidValue)
            )
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 一起使用",
            get(ContextKind::PriorArg).join("、")
        ),
        ErrorKind::TooManyValues => {
            format!("多余的值 “{}”", first(ContextKind::InvalidValue))
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值要用 “=” 连着写"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_string(),
        _ => return None,
    };
    let mut out = format!("错误：{message}\n");
    let suggested = get(ContextKind::SuggestedArg)
        .into_iter()
        .chain(get(ContextKind::SuggestedSubcommand))
        .chain(get(ContextKind::SuggestedValue))
        .collect::<Vec<_>>();
    if !suggested.is_empty() {
        out.push_str(&format!(
            "\n  提示：你是不是要用 “{}”？\n",
            suggested.join("”或“")
        ));
    }
    if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        out.push_str(&format!(
            "\n  提示：要把 “{arg}” 当作值传入，请写成 “-- {arg}”\n"
        ));
    }
    let usage = first(ContextKind::Usage);
    if !usage.is_empty() {
        let usage = usage.trim().replacen("Usage:", "用法:", 1);
        out.push_str(&format!("\n{usage}\n"));
    }
    out.push_str("\n更多信息请运行 “--help”。\n");
    Some(out)
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
