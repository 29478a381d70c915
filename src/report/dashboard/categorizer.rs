//! Which problem category a ticket title falls in, for many titles at once.

use crate::domain::service::ProblemCategory;
use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// Finds the problem category of many titles at once: the same answer as
/// `ServiceRules::category_of`, in one pass over each title.
pub struct Categorizer {
    how: How,
    /// Pattern number → category index.
    owner: Vec<usize>,
}

/// How titles are matched.
enum How {
    /// One automaton for all keywords (None: it could not be built, nothing matches).
    Automaton(Option<AhoCorasick>),
    /// Each keyword looked for in turn, as `category_of` does: nothing to build.
    Scan(Vec<String>),
}

impl Categorizer {
    /// A matcher for `cats` (config order decides between categories), built for
    /// many titles: a DFA, slow to build and fast to run.
    pub fn new(cats: &[ProblemCategory]) -> Categorizer {
        let (words, owner) = keywords(cats);
        // Keywords are lower case: matching ASCII letters either way spares
        // lower-casing the titles that have no other capitals (nearly all).
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        Categorizer {
            how: How::Automaton(ac),
            owner,
        }
    }

    /// The same answers for a few titles (one write's tickets), with nothing built:
    /// building the DFA was 7% of a whole `ticket comment` process's CPU, an NFA
    /// still 4%, against microseconds to scan a few titles for each keyword.
    pub fn for_few_titles(cats: &[ProblemCategory]) -> Categorizer {
        let (words, owner) = keywords(cats);
        Categorizer {
            how: How::Scan(words.into_iter().map(str::to_owned).collect()),
            owner,
        }
    }

    /// The index of the category of `title`, if any keyword is in it.
    #[cfg(test)]
    pub fn of(&self, title: &str) -> Option<usize> {
        self.of_into(title, &mut String::new())
    }

    /// `of`, lower-casing into `buf` (reused from title to title).
    pub fn of_into(&self, title: &str, buf: &mut String) -> Option<usize> {
        let ac = match &self.how {
            How::Automaton(ac) => ac.as_ref()?,
            How::Scan(words) => {
                // Keywords in config order: the first found is the first category's.
                buf.clear();
                buf.push_str(&title.to_lowercase());
                let at = words.iter().position(|k| buf.contains(k.as_str()))?;
                return Some(self.owner[at]);
            }
        };
        let text = if title.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
            buf.clear();
            buf.push_str(&title.to_lowercase());
            buf.as_str()
        } else {
            title
        };
        ac.find_overlapping_iter(text)
            .map(|m| self.owner[m.pattern().as_usize()])
            .min()
    }
}

/// Every category's keywords in config order, with the category of each.
fn keywords(cats: &[ProblemCategory]) -> (Vec<&str>, Vec<usize>) {
    let mut words = Vec::new();
    let mut owner = Vec::new();
    for (i, c) in cats.iter().enumerate() {
        for k in &c.keywords {
            words.push(k.as_str());
            owner.push(i);
        }
    }
    (words, owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_matcher_agrees_with_category_of() {
        let cfg = Config::builtin();
        let many = Categorizer::new(&cfg.service.categories);
        let few = Categorizer::for_few_titles(&cfg.service.categories);
        let mut buf = String::new();
        for title in [
            "HP 打印机卡纸",
            "VPN 连不上公司内网",
            "发票抬头如何修改",
            "Refund for the printer I returned",
            "Cannot LOG IN after password reset",
            "ΣΥΣΤΗΜΑ printer",
            "ÉCRAN noir, PRINTER JAM",
            "ＶＰＮ 掉线",
            "退款",
            "nothing to see",
            "",
        ] {
            let want = cfg.service.category_of(title).map(|c| c.id.clone());
            for m in [&many, &few] {
                let got = m.of(title).map(|i| cfg.service.categories[i].id.clone());
                assert_eq!(got, want, "{title}");
                assert_eq!(m.of_into(title, &mut buf), m.of(title));
            }
        }
        assert_eq!(Categorizer::new(&[]).of("打印"), None);
        assert_eq!(Categorizer::for_few_titles(&[]).of("打印"), None);
    }
}
