//! The word lists under assets/demo, embedded in the binary and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const NAMES: &str = include_str!("../../assets/demo/names.txt");
const PRODUCTS: &str = include_str!("../../assets/demo/products.txt");
const TICKETS: &str = include_str!("../../assets/demo/tickets.txt");
const COMMENTS: &str = include_str!("../../assets/demo/comments.txt");
const AGENTS: &str = include_str!("../../assets/demo/agents.txt");
/// Projects with milestones, task names and risks (TOML).
pub const PROJECTS: &str = include_str!("../../assets/demo/projects.toml");
/// Knowledge-base articles (TOML).
pub const ARTICLES: &str = include_str!("../../assets/demo/kb.toml");

/// Lines grouped under `[section]` headers; blank lines and `#` comments dropped.
struct Sections(HashMap<&'static str, Vec<&'static str>>);

impl Sections {
    fn parse(text: &'static str) -> Sections {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut current = "";
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = name;
                map.entry(current).or_default();
            } else {
                map.entry(current).or_default().push(line);
            }
        }
        Sections(map)
    }

    fn get(&self, name: &str) -> Vec<&'static str> {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// Entries of a section split on `|`, each with at least `n` fields.
    fn fields(&self, name: &str, n: usize) -> Vec<Vec<&'static str>> {
        self.get(name)
            .into_iter()
            .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
            .filter(|f| f.len() >= n)
            .collect()
    }

    fn pairs(&self, name: &str) -> Vec<(&'static str, &'static str)> {
        self.fields(name, 2)
            .into_iter()
            .map(|f| (f[0], f[1]))
            .collect()
    }
}

/// A product model customers can own.
#[derive(Debug, Clone, Copy)]
pub struct ProductDef {
    /// Category id (`printer`, `laptop` …), which selects category-specific titles.
    pub category: &'static str,
    pub category_zh: &'static str,
    pub model: &'static str,
    pub serial_prefix: &'static str,
}

/// A title template, optionally only for one product category.
#[derive(Debug, Clone, Copy)]
pub struct TitleTemplate {
    pub category: Option<&'static str>,
    pub text: &'static str,
}

/// A demo agent.
#[derive(Debug, Clone)]
pub struct AgentDef {
    pub name: &'static str,
    pub email: &'static str,
    pub groups: Vec<String>,
    pub skills: Vec<String>,
    pub capacity: f64,
}

/// Every embedded word list.
pub struct Words {
    /// (surname, pinyin)
    pub zh_surname: Vec<(&'static str, &'static str)>,
    /// (given name, pinyin)
    pub zh_given: Vec<(&'static str, &'static str)>,
    pub en_first: Vec<&'static str>,
    pub en_last: Vec<&'static str>,
    /// (city, pinyin)
    pub zh_city: Vec<(&'static str, &'static str)>,
    /// (trade name, pinyin)
    pub zh_word: Vec<(&'static str, &'static str)>,
    pub zh_industry: Vec<&'static str>,
    pub zh_company_form: Vec<&'static str>,
    /// (name, mail domain)
    pub zh_notable: Vec<(&'static str, &'static str)>,
    /// (name, mail domain, phone country code)
    pub en_notable: Vec<(&'static str, &'static str, &'static str)>,
    pub en_company_word: Vec<&'static str>,
    /// (suffix, top-level domain, phone country code)
    pub en_company_suffix: Vec<(&'static str, &'static str, &'static str)>,
    pub mail_domain: Vec<&'static str>,
    pub courier: Vec<&'static str>,
    pub products: Vec<ProductDef>,
    /// Title templates by ticket type.
    pub titles: HashMap<&'static str, Vec<TitleTemplate>>,
    /// Body sentences by ticket type (`any` for every type).
    pub bodies: HashMap<&'static str, Vec<&'static str>>,
    pub reply_first: Vec<&'static str>,
    pub reply: Vec<&'static str>,
    pub reply_done: Vec<&'static str>,
    pub note: Vec<&'static str>,
    pub agents: Vec<AgentDef>,
}

fn triples(s: &Sections, name: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    s.fields(name, 3)
        .into_iter()
        .map(|f| (f[0], f[1], f[2]))
        .collect()
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

impl Words {
    /// The parsed lists (parsed on first use).
    pub fn get() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(Words::parse)
    }

    fn parse() -> Words {
        let names = Sections::parse(NAMES);
        let products = Sections::parse(PRODUCTS);
        let tickets = Sections::parse(TICKETS);
        let comments = Sections::parse(COMMENTS);
        let agents = Sections::parse(AGENTS);
        let mut titles: HashMap<&'static str, Vec<TitleTemplate>> = HashMap::new();
        let mut bodies: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for (section, lines) in &tickets.0 {
            if let Some(ty) = section.strip_prefix("title.") {
                let list = lines.iter().map(|l| match l.split_once(": ") {
                    // `printer: …` restricts a template to one product category.
                    Some((cat, text)) if cat.bytes().all(|b| b.is_ascii_lowercase()) => {
                        TitleTemplate {
                            category: Some(cat),
                            text,
                        }
                    }
                    _ => TitleTemplate {
                        category: None,
                        text: l,
                    },
                });
                titles.entry(ty).or_default().extend(list);
            } else if let Some(ty) = section.strip_prefix("body.") {
                bodies.entry(ty).or_default().extend(lines.iter().copied());
            }
        }
        Words {
            zh_surname: names.pairs("zh_surname"),
            zh_given: names.pairs("zh_given"),
            en_first: names.get("en_first"),
            en_last: names.get("en_last"),
            zh_city: names.pairs("zh_city"),
            zh_word: names.pairs("zh_word"),
            zh_industry: names.get("zh_industry"),
            zh_company_form: names.get("zh_company_form"),
            zh_notable: names.pairs("zh_notable"),
            en_notable: triples(&names, "en_notable"),
            en_company_word: names.get("en_company_word"),
            en_company_suffix: triples(&names, "en_company_suffix"),
            mail_domain: names.get("mail_domain"),
            courier: names.get("courier"),
            products: products
                .fields("product", 4)
                .into_iter()
                .map(|f| ProductDef {
                    category: f[0],
                    category_zh: f[1],
                    model: f[2],
                    serial_prefix: f[3],
                })
                .collect(),
            titles,
            bodies,
            reply_first: comments.get("reply.first"),
            reply: comments.get("reply"),
            reply_done: comments.get("reply.done"),
            note: comments.get("note"),
            agents: agents
                .fields("agent", 5)
                .into_iter()
                .map(|f| AgentDef {
                    name: f[0],
                    email: f[1],
                    groups: split_list(f[2]),
                    skills: split_list(f[3]),
                    capacity: f[4].parse().unwrap_or(40.0),
                })
                .collect(),
        }
    }
}

/// Appends `template` to `out`, replacing each `{name}` by what `fill` writes for it.
pub fn render(template: &str, out: &mut String, fill: &mut dyn FnMut(&str, &mut String)) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                fill(&after[..close], out);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                return;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_filled() {
        let w = Words::get();
        assert!(w.zh_surname.len() > 50 && w.zh_given.len() > 50);
        assert!(w.en_first.len() > 30 && w.en_last.len() > 30);
        assert!(w.products.len() > 30);
        for ty in ["technical", "after_sales", "complaint", "inquiry", "return"] {
            assert!(w.titles[ty].len() > 10, "{ty}");
            assert!(!w.bodies[ty].is_empty(), "{ty}");
        }
        assert!(w.titles["technical"]
            .iter()
            .any(|t| t.category == Some("printer")));
        assert_eq!(w.agents.len(), 25);
        assert!(!w.reply_first.is_empty() && !w.reply_done.is_empty() && !w.note.is_empty());
    }

    #[test]
    fn render_fills_placeholders() {
        let mut out = String::new();
        render(
            "退款申请：订单 #{order} {x",
            &mut out,
            &mut |name, o| {
                if name == "order" {
                    o.push_str("48213")
                }
            },
        );
        assert_eq!(out, "退款申请：订单 #48213 {x");
    }
}
