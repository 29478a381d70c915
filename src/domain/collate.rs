//! One order for people's names in both UI languages: CLDR's Chinese collation (via
//! ICU4X): Han characters in pinyin order, then Latin letters as English orders them
//! (CLDR puts Han first for Chinese). Its binary sort keys compare bytewise, so the store keeps one next to each
//! customer and agent name and a list sorted by name reads an index.

use icu_collator::options::CollatorOptions;
use icu_collator::CollatorBorrowed;
use std::sync::OnceLock;

/// The version of the keys [`name_key`] makes. ICU4X says stored keys may change with
/// its data; bump this with an `icu_collator` upgrade (the test below fails when the
/// keys change) and the store recomputes the keys it holds.
pub const KEY_VERSION: i64 = 1;

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let zh = icu_locale_core::locale!("zh");
            CollatorBorrowed::try_new((&zh).into(), CollatorOptions::default()).ok()
        })
        .as_ref()
}

/// The sort key of a name: names in pinyin order compare bytewise in the same order.
pub fn name_key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() * 3);
    match collator() {
        Some(c) => {
            let _ = c.write_sort_key_to(name, &mut key);
        }
        // The collation data is compiled in, so this does not happen; bytes keep an order.
        None => key.extend_from_slice(name.as_bytes()),
    }
    key
}

/// Compares two names in the order of their sort keys.
pub fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    match collator() {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<(Vec<u8>, String)> =
            names.iter().map(|n| (name_key(n), n.to_string())).collect();
        v.sort();
        v.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn chinese_surnames_sort_by_pinyin() {
        // Code point order would be 张 (U+5F20), 李 (U+674E), 王 (U+738B).
        assert_eq!(sorted(&["张伟", "王芳", "李娜"]), ["李娜", "王芳", "张伟"]);
        assert_eq!(
            sorted(&["赵敏", "阿里", "陈静", "白雪"]),
            ["阿里", "白雪", "陈静", "赵敏"]
        );
    }

    #[test]
    fn latin_names_sort_as_in_english_after_han() {
        assert_eq!(
            sorted(&["bob", "Alice", "李娜", "Émile", "carol", "emma"]),
            ["李娜", "Alice", "bob", "carol", "Émile", "emma"]
        );
    }

    #[test]
    fn keys_and_comparison_agree() {
        let names = [
            "张伟",
            "Zhang Wei",
            "zhang",
            "李",
            "",
            "华为技术有限公司",
            "华为",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    name_key(a).cmp(&name_key(b)),
                    compare_names(a, b),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn stored_keys_are_of_this_version() {
        // Keys the store holds were made by this code; when an upgrade changes them this
        // fails: bump KEY_VERSION (the store then recomputes them) and update the digest.
        let digest = ["张伟", "Li Na", "华为技术有限公司", "Émile"]
            .iter()
            .flat_map(|n| name_key(n))
            .fold(0u64, |h, b| {
                h.wrapping_mul(1_099_511_628_211).wrapping_add(b as u64)
            });
        assert_eq!((KEY_VERSION, digest), (1, 12_611_127_403_416_802_248));
    }
}
