//! The building blocks of the copy types: a [`Text`] that declares the `{words}` it may hold,
//! and a [`ByKey`] table with one entry for every value of a domain enum (a verdict, a lever,
//! a count problem…). Both are checked while `prompts/` is read, so a text with an unknown
//! word, or an enum value with no copy, stops the start with the file and the key.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer};

/// The `{words}` a text may hold, declared once per kind of text (see [`words!`]).
pub trait Words {
    /// Every word the bot fills in for this kind of text.
    const ALLOWED: &'static [&'static str];
    /// Words the text must show (a count's `{n}`).
    const REQUIRED: &'static [&'static str] = &[];
}

/// Declares the words of a kind of text: `words!(Rate: "value", "low", "high");`, optionally
/// with the words it must show: `words!(Amount: "n"; required "n");`.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident: $($word:literal),* $(; required $($req:literal),+)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl $crate::content::text::Words for $name {
            const ALLOWED: &'static [&'static str] = &[$($word),*];
            $(const REQUIRED: &'static [&'static str] = &[$($req),+];)?
        }
    };
}
pub(crate) use words;

words!(
    /// A text the bot shows as it is.
    Plain:
);
words!(
    /// "About {more} …": how many more impressions or clicks would settle a step.
    More: "more"
);
words!(
    /// What a step divides by, in words ("impressions", "clicks").
    TrialsName: "trials_name"
);
words!(Count: "count");
words!(
    /// The number of a [`Plural`].
    N: "n"; required "n"
);

/// A text that holds a number: `one` when the number is 1, `other` for every other number (0
/// too), so no member reads "in 1 days". By default the number is `{n}`, which both must show.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
pub struct Plural<W: Words = N> {
    pub one: Text<W>,
    pub other: Text<W>,
}

impl<W: Words> Plural<W> {
    /// The form for `n`.
    pub fn pick(&self, n: u64) -> &Text<W> {
        if n == 1 {
            &self.one
        } else {
            &self.other
        }
    }
}

impl Plural {
    /// `1 click`, `310 clicks`: `shown` is the number as the member reads it (`1,200`).
    pub fn of(&self, n: u64, shown: &str) -> String {
        self.pick(n).fill(&[("n", shown)])
    }
}

/// A piece of copy from `prompts/`, never empty, whose `{words}` are all in `W::ALLOWED`.
pub struct Text<W: Words = Plain> {
    raw: String,
    words: PhantomData<W>,
}

impl<W: Words> Text<W> {
    /// Checks a text against its words: the reason it is refused, or the text.
    pub fn new(raw: impl Into<String>) -> Result<Text<W>, String> {
        let raw = raw.into();
        if raw.trim().is_empty() {
            return Err("is empty".to_owned());
        }
        for name in placeholders(&raw) {
            if !W::ALLOWED.contains(&name) {
                let hint = if W::ALLOWED.is_empty() {
                    "this text takes no {…} words".to_owned()
                } else {
                    format!("use one of: {}", braced(W::ALLOWED))
                };
                return Err(format!("unknown word `{{{name}}}`; {hint}"));
            }
        }
        let used = placeholders(&raw);
        if let Some(missing) = W::REQUIRED.iter().find(|r| !used.contains(r)) {
            return Err(format!("must show the number as {{{missing}}}"));
        }
        Ok(Text {
            raw,
            words: PhantomData,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The text with each `{word}` replaced by its value. Every word is one of `W::ALLOWED`
    /// (checked at load), so nothing is left in braces when the caller gives them all.
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        debug_assert!(
            values.iter().all(|(k, _)| W::ALLOWED.contains(k))
                && W::ALLOWED
                    .iter()
                    .all(|w| values.iter().any(|(k, _)| k == w)),
            "the words given, {values:?}, are not the ones declared, {:?}",
            W::ALLOWED
        );
        fill(&self.raw, values)
    }
}

fn braced(words: &[&str]) -> String {
    words
        .iter()
        .map(|a| format!("{{{a}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<W: Words> Clone for Text<W> {
    fn clone(&self) -> Self {
        Text {
            raw: self.raw.clone(),
            words: PhantomData,
        }
    }
}

impl<W: Words> fmt::Debug for Text<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.raw, f)
    }
}

impl<W: Words> fmt::Display for Text<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<W: Words> std::ops::Deref for Text<W> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.raw
    }
}

impl<W: Words> From<Text<W>> for String {
    fn from(t: Text<W>) -> String {
        t.raw
    }
}

impl<W: Words> From<&Text<W>> for String {
    fn from(t: &Text<W>) -> String {
        t.raw.clone()
    }
}

impl<W: Words> serde::Serialize for Text<W> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de, W: Words> Deserialize<'de> for Text<W> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Text::new(raw).map_err(de::Error::custom)
    }
}

/// The values of a domain enum that have copy, with the key each has in `prompts/`.
pub trait Key: Copy + Eq + fmt::Debug + 'static {
    /// Every value: the enum's own `ALL`, generated by `with_all!` from its variants.
    const ALL: &'static [Self];
    fn key(self) -> &'static str;
}

/// One `V` for every value of `K`, read from a TOML table keyed by `K::key()`. A missing or
/// unknown key is a load error naming it, so a new verdict or lever cannot reach a member
/// without its copy.
pub struct ByKey<K: Key, V> {
    /// In the order of `K::ALL`.
    values: Vec<V>,
    key: PhantomData<K>,
}

impl<K: Key, V> ByKey<K, V> {
    pub fn get(&self, k: K) -> &V {
        let i = K::ALL.iter().position(|x| *x == k);
        // Every value of K is in K::ALL (the domain declares each keyed enum with `with_all!`,
        // which lists every variant), and `values` holds one entry per value, in order.
        match i.and_then(|i| self.values.get(i)) {
            Some(v) => v,
            None => unreachable!("{k:?} is missing from its Key::ALL list"),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        K::ALL.iter().copied().zip(self.values.iter())
    }
}

impl<K: Key, V> std::ops::Index<K> for ByKey<K, V> {
    type Output = V;
    fn index(&self, k: K) -> &V {
        self.get(k)
    }
}

impl<K: Key, V: Clone> Clone for ByKey<K, V> {
    fn clone(&self) -> Self {
        ByKey {
            values: self.values.clone(),
            key: PhantomData,
        }
    }
}

impl<K: Key, V: fmt::Debug> fmt::Debug for ByKey<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(K::ALL.iter().map(|k| k.key()).zip(&self.values))
            .finish()
    }
}

impl<'de, K: Key, V: Deserialize<'de>> Deserialize<'de> for ByKey<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Key, V: Deserialize<'de>> de::Visitor<'de> for Visit<K, V> {
            type Value = ByKey<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a table with the keys {}", keys::<K>())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut found: Vec<Option<V>> = K::ALL.iter().map(|_| None).collect();
                while let Some(name) = map.next_key::<String>()? {
                    let Some(i) = K::ALL.iter().position(|k| k.key() == name) else {
                        return Err(de::Error::custom(format!(
                            "unknown key `{name}`, expected one of {}",
                            keys::<K>()
                        )));
                    };
                    if found[i].is_some() {
                        return Err(de::Error::custom(format!("`{name}` is there twice")));
                    }
                    found[i] = Some(map.next_value()?);
                }
                let mut values = Vec::with_capacity(found.len());
                for (k, v) in K::ALL.iter().zip(found) {
                    match v {
                        Some(v) => values.push(v),
                        None => {
                            return Err(de::Error::custom(format!("missing key `{}`", k.key())))
                        }
                    }
                }
                Ok(ByKey {
                    values,
                    key: PhantomData,
                })
            }
        }
        d.deserialize_map(Visit(PhantomData))
    }
}

fn keys<K: Key>() -> String {
    K::ALL
        .iter()
        .map(|k| format!("`{}`", k.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces each `{name}` with its value. Unknown names are left as they are (load-time
/// validation makes sure there are none).
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        if let Some(end) = after.find('}') {
            let name = &after[..end];
            if let Some((_, v)) = vars.iter().find(|(k, _)| *k == name) {
                out.push_str(v);
            } else {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            rest = &after[end + 1..];
        } else {
            out.push_str(&rest[start..]);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in a template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    words!(Settle: "more", "what");
    words!(Amount: "n"; required "n");

    #[test]
    fn fills_known_names_only() {
        assert_eq!(
            fill(
                "About {more} more {what}.",
                &[("more", "1,300"), ("what", "clicks")]
            ),
            "About 1,300 more clicks."
        );
        assert_eq!(fill("{x} and {y", &[("x", "1")]), "1 and {y");
        assert_eq!(placeholders("a {b} c {d}"), vec!["b", "d"]);
    }

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        let p: Plural = toml::from_str("one = \"{n} day\"\nother = \"{n} days\"").unwrap();
        assert_eq!(p.of(1, "1"), "1 day");
        assert_eq!(p.of(0, "0"), "0 days");
        assert_eq!(p.of(2, "2"), "2 days");
        let e = toml::from_str::<Plural>("one = \"a day\"\nother = \"{n} days\"").unwrap_err();
        assert!(e.to_string().contains("{n}"), "{e}");
    }

    #[test]
    fn a_text_holds_only_its_declared_words() {
        let t = Text::<Settle>::new("About {more} more {what}.").unwrap();
        assert_eq!(
            t.fill(&[("more", "5"), ("what", "clicks")]),
            "About 5 more clicks."
        );
        let e = Text::<Settle>::new("About {mroe} more").unwrap_err();
        assert!(e.contains("{mroe}") && e.contains("{more}, {what}"), "{e}");
        let e = Text::<Plain>::new("Hi {name}").unwrap_err();
        assert!(e.contains("takes no"), "{e}");
        assert_eq!(Text::<Plain>::new("  ").unwrap_err(), "is empty");
        let e = Text::<Amount>::new("a click").unwrap_err();
        assert!(e.contains("{n}"), "{e}");
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Light {
        Red,
        Green,
    }
    impl Key for Light {
        const ALL: &'static [Light] = &[Light::Red, Light::Green];
        fn key(self) -> &'static str {
            match self {
                Light::Red => "red",
                Light::Green => "green",
            }
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct File {
        #[allow(dead_code)]
        lights: ByKey<Light, Text>,
    }

    #[test]
    fn a_table_by_key_needs_every_key_and_no_other() {
        let ok: File = toml::from_str("[lights]\nred = \"Stop\"\ngreen = \"Go\"").unwrap();
        assert_eq!(ok.lights[Light::Green].as_str(), "Go");
        assert_eq!(ok.lights[Light::Red].as_str(), "Stop");
        let missing = toml::from_str::<File>("[lights]\nred = \"Stop\"").unwrap_err();
        assert!(
            missing.to_string().contains("missing key `green`"),
            "{missing}"
        );
        let unknown = toml::from_str::<File>("[lights]\nred = \"a\"\ngreen = \"b\"\nblue = \"c\"")
            .unwrap_err();
        assert!(
            unknown.to_string().contains("unknown key `blue`"),
            "{unknown}"
        );
    }
}
