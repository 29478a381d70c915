//! Demo agents and customers (companies and people, Chinese and foreign) with the
//! products they bought.

use super::clock::{self, DAY, HOUR};
use super::rng::Rng;
use super::words::{ProductDef, Words};
use crate::domain::records::{Agent, Customer, Product};
use chrono_tz::Tz;

/// Random streams, one per kind of record.
pub const STREAM_AGENT: u64 = 1;
pub const STREAM_CUSTOMER: u64 = 2;

/// A generated customer with its products.
pub struct NewCustomer {
    pub customer: Customer,
    pub products: Vec<Product>,
    /// Index into `Words::products` of each product, for ticket titles.
    pub models: Vec<usize>,
    /// Prefers English (foreign customers).
    pub english: bool,
    /// Agent index who created the record.
    pub created_by: usize,
}

/// Open tickets one agent carries on a realistic desk: about a week of work at the
/// workload weights, so the Team pane shows people near, not far over, capacity.
pub const OPEN_PER_AGENT: f64 = 20.0;

/// Days of intake that are open at any time in the demo (tickets younger than
/// their resolution target are mostly open; see `tickets::Generator::ticket`).
const OPEN_DAYS: f64 = 4.5;

/// How many agents a desk with `tickets` tickets of history has: the named team of
/// assets/demo/agents.txt, and more as the volume (and so the open backlog) grows,
/// about one agent per `OPEN_PER_AGENT` open tickets.
pub fn agent_count(tickets: u64) -> usize {
    let named = Words::get().agents.len();
    let per_day = tickets as f64 / super::tickets::history_days(tickets) as f64;
    named.max((per_day * OPEN_DAYS / OPEN_PER_AGENT).ceil() as usize)
}

/// The demo agents for `tickets` tickets: the named team first, in the order of
/// assets/demo/agents.txt, then generated colleagues in the same groups with the
/// same skills (a bigger desk has more of the same people, not new kinds).
pub fn agents(seed: u64, anchor: i64, tickets: u64) -> Vec<Agent> {
    let w = Words::get();
    let named = w.agents.len();
    let mut taken: std::collections::HashSet<String> =
        w.agents.iter().map(|a| a.name.to_string()).collect();
    (0..agent_count(tickets))
        .map(|i| {
            let a = &w.agents[i % named];
            let mut rng = Rng::derive(seed, STREAM_AGENT, i as u64);
            let created = anchor - rng.range(300, 1500) * DAY + rng.range(9, 17) * HOUR;
            let (name, email) = if i < named {
                (a.name.to_string(), a.email.to_string())
            } else {
                (
                    new_name(&mut rng, &mut taken, i),
                    format!("agent{i}@aftercare.example"),
                )
            };
            Agent {
                name,
                email: Some(email),
                groups: a.groups.clone(),
                skills: a.skills.clone(),
                capacity_hours: a.capacity,
                active: true,
                created_at: created,
                version: 1,
                ..Default::default()
            }
        })
        .collect()
}

/// A Chinese name no agent has yet (numbered only if the lists keep colliding).
fn new_name(rng: &mut Rng, taken: &mut std::collections::HashSet<String>, i: usize) -> String {
    let w = Words::get();
    for _ in 0..20 {
        let (sur, _) = *rng.pick(&w.zh_surname);
        let (given, _) = *rng.pick(&w.zh_given);
        let name = format!("{sur}{given}");
        if taken.insert(name.clone()) {
            return name;
        }
    }
    let (sur, _) = *rng.pick(&w.zh_surname);
    let name = format!("{sur}{i}");
    taken.insert(name.clone());
    name
}

/// How many customers go with `tickets` tickets.
pub fn customer_count(tickets: u64) -> u64 {
    (tickets / 50).max(40)
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn serial(rng: &mut Rng, prefix: &str) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let mut s = String::from(prefix);
    for _ in 0..8 {
        s.push(CHARS[rng.index(CHARS.len())] as char);
    }
    s
}

fn cn_mobile(rng: &mut Rng) -> String {
    let second = *rng.pick(&[3u8, 5, 7, 8, 9]);
    format!(
        "+86 1{second}{} {} {}",
        rng.below(10),
        digits(rng, 4),
        digits(rng, 4)
    )
}

/// A Chinese company name, its mail domain.
fn zh_company(w: &Words, rng: &mut Rng) -> (String, String) {
    let (city, city_py) = *rng.pick(&w.zh_city);
    let (word, word_py) = *rng.pick(&w.zh_word);
    let industry = rng.pick(&w.zh_industry);
    let form = rng.pick(&w.zh_company_form);
    let name = format!("{city}{word}{industry}{form}");
    let domain = if rng.chance(0.5) {
        format!("{word_py}.com.cn")
    } else {
        format!("{word_py}-{city_py}.com")
    };
    (name, domain)
}

/// A foreign company name, its mail domain and phone country code.
fn en_company(w: &Words, rng: &mut Rng) -> (String, String, &'static str) {
    let word = rng.pick(&w.en_company_word);
    let (suffix, tld, cc) = *rng.pick(&w.en_company_suffix);
    let slug: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    (format!("{word} {suffix}"), format!("{slug}.{tld}"), cc)
}

fn foreign_phone(rng: &mut Rng, cc: &str) -> String {
    format!("{cc} {} {}", rng.range(20, 89), digits(rng, 7))
}

fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ü' => Some('u'),
            'ö' => Some('o'),
            'ä' => Some('a'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

const NOTES_ZH: &[&str] = &[
    "VIP 客户，回复时效优先",
    "年度维保合同客户",
    "偏好微信联系",
    "只在工作日上午接听电话",
    "曾有投诉记录，沟通需耐心",
    "定期回访：每季度一次",
    "发票需寄送到财务部",
];
const NOTES_EN: &[&str] = &[
    "Prefers email; replies in English",
    "Service contract until end of next year",
    "Key account, quarterly review",
    "Call the office line, not the mobile",
];

/// Customer number `i` of a demo: the first ones are the well-known organisations
/// the projects refer to; the rest a mix of companies and people.
pub fn customer(seed: u64, i: u64, anchor: i64, tz: Tz, agent_count: usize) -> NewCustomer {
    let w = Words::get();
    let mut rng = Rng::derive(seed, STREAM_CUSTOMER, i);
    let created = anchor - rng.range(200, 1200) * DAY + rng.range(9, 18) * HOUR;
    let zh_notable = w.zh_notable.len() as u64;
    let en_notable = w.en_notable.len() as u64;
    let mut c = Customer {
        created_at: created,
        updated_at: created,
        version: 1,
        ..Default::default()
    };
    let company;
    let english;
    if i < zh_notable + en_notable {
        company = true;
        if i < zh_notable {
            let (name, domain) = w.zh_notable[i as usize];
            english = false;
            c.name = name.to_string();
            c.email = Some(format!("service@{domain}"));
            c.phone = Some(format!(
                "+86 400-{}-{}",
                digits(&mut rng, 3),
                digits(&mut rng, 4)
            ));
        } else {
            let (name, domain, cc) = w.en_notable[(i - zh_notable) as usize];
            english = true;
            c.name = name.to_string();
            c.email = Some(format!("it-support@{domain}"));
            c.phone = Some(foreign_phone(&mut rng, cc));
        }
        c.organization = Some(c.name.clone());
    } else {
        let kind = rng.weighted(&[25.0, 45.0, 12.0, 18.0]);
        company = kind == 0 || kind == 2;
        english = kind >= 2;
        match kind {
            0 => {
                let (name, domain) = zh_company(w, &mut rng);
                let mailbox = *rng.pick(&["service", "it", "purchase", "admin", "kefu"]);
                c.email = Some(format!("{mailbox}@{domain}"));
                c.phone = Some(format!("+86 {}-{}", rng.range(20, 29), digits(&mut rng, 8)));
                c.organization = Some(name.clone());
                c.name = name;
            }
            1 => {
                let (sur, sur_py) = *rng.pick(&w.zh_surname);
                let (given, given_py) = *rng.pick(&w.zh_given);
                c.name = format!("{sur}{given}");
                let employed = rng.chance(0.55);
                let domain = if employed {
                    let (org, domain) = if rng.chance(0.2) {
                        let (n, d) = *rng.pick(&w.zh_notable);
                        (n.to_string(), d.to_string())
                    } else {
                        zh_company(w, &mut rng)
                    };
                    c.organization = Some(org);
                    domain
                } else {
                    rng.pick(&w.mail_domain).to_string()
                };
                c.email = Some(if domain == "qq.com" && rng.chance(0.6) {
                    format!("{}{}@qq.com", rng.range(1, 9), digits(&mut rng, 8))
                } else {
                    format!("{given_py}.{sur_py}{}@{domain}", rng.range(1, 99))
                });
                c.phone = Some(cn_mobile(&mut rng));
                if rng.chance(0.6) {
                    c.chat = Some(format!("wxid_{given_py}{sur_py}{}", digits(&mut rng, 3)));
                }
            }
            2 => {
                let (name, domain, cc) = en_company(w, &mut rng);
                c.email = Some(format!("support@{domain}"));
                c.phone = Some(foreign_phone(&mut rng, cc));
                c.organization = Some(name.clone());
                c.name = name;
            }
            _ => {
                let first = rng.pick(&w.en_first);
                let last = rng.pick(&w.en_last);
                c.name = format!("{first} {last}");
                let (domain, cc) = if rng.chance(0.7) {
                    let (org, domain, cc) = if rng.chance(0.3) {
                        let (n, d, cc) = *rng.pick(&w.en_notable);
                        (n.to_string(), d.to_string(), cc)
                    } else {
                        en_company(w, &mut rng)
                    };
                    c.organization = Some(org);
                    (domain, cc)
                } else {
                    ("gmail.com".to_string(), "+44")
                };
                c.email = Some(format!(
                    "{}.{}@{domain}",
                    ascii_slug(first),
                    ascii_slug(last)
                ));
                c.phone = Some(foreign_phone(&mut rng, cc));
                if rng.chance(0.4) {
                    c.chat = Some(format!("@{}{}", ascii_slug(first), ascii_slug(last)));
                }
            }
        }
    }
    if rng.chance(0.25) {
        let notes = if english { NOTES_EN } else { NOTES_ZH };
        c.notes = rng.pick(notes).to_string();
    }
    let count = if company {
        rng.range(2, 6)
    } else {
        rng.range(1, 3)
    };
    let mut products = Vec::new();
    let mut models = Vec::new();
    for _ in 0..count {
        let m = rng.index(w.products.len());
        let def: ProductDef = w.products[m];
        let bought = -rng.range(20, 1100);
        let years = rng.range(1, 3);
        products.push(Product {
            model: def.model.to_string(),
            serial: Some(serial(&mut rng, def.serial_prefix)),
            purchased_on: Some(clock::date(anchor, tz, bought)),
            warranty_end: Some(clock::date(anchor, tz, bought + years * 365)),
            ..Default::default()
        });
        models.push(m);
    }
    NewCustomer {
        customer: c,
        products,
        models,
        english,
        created_by: rng.index(agent_count.max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_are_reproducible_and_varied() {
        let tz = chrono_tz::Asia::Shanghai;
        let a = customer(5, 100, 1_800_000_000, tz, 25);
        let b = customer(5, 100, 1_800_000_000, tz, 25);
        assert_eq!(a.customer, b.customer);
        assert_eq!(a.products, b.products);
        assert_eq!(
            customer(5, 0, 1_800_000_000, tz, 25).customer.name,
            "华为技术有限公司"
        );
        let names: std::collections::BTreeSet<String> = (0..2000)
            .map(|i| customer(5, i, 1_800_000_000, tz, 25).customer.name)
            .collect();
        assert!(names.len() > 1800, "{}", names.len());
        assert!(names.iter().any(|n| n.ends_with("GmbH")));
        assert!(names.iter().any(|n| n.ends_with("有限公司")));
    }
}
