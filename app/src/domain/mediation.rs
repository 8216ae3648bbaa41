//! What the mediators' space records about a beneficiary: age band, situation, commune, and
//! the staff roles. Age bands are stored fine enough to nest both into the observatory's
//! Eurostat bands and into La Coop de la médiation numérique's bands.

/// Staff roles, from the least to the most powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Mediator,
    StructureAdmin,
    PlatformAdmin,
    /// An observatory analyst: reads the analysts' tables, nothing of the mediators' space.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Mediator,
        Role::StructureAdmin,
        Role::PlatformAdmin,
        Role::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mediator => "mediator",
            Role::StructureAdmin => "structure_admin",
            Role::PlatformAdmin => "platform_admin",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Admins and analysts must use a second factor; mediators are offered one.
    pub fn requires_totp(self) -> bool {
        self != Role::Mediator
    }

    /// Whether the role works in the mediators' space (beneficiaries, diagnostics, team).
    pub fn mediates(self) -> bool {
        self != Role::Analyst
    }
}

/// The age bands stored for a beneficiary. Their bounds are the union of La Coop's bounds
/// (12, 18, 25, 40, 60, 70) and Eurostat's (16, 25, 35, 45, 55, 65, 75), so each band lies
/// inside one band of each.
pub const AGE_BANDS: [&str; 16] = [
    "moins de 12",
    "12-15",
    "16-17",
    "18-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75 et plus",
    "non communiqué",
];

/// La Coop de la médiation numérique's band, as it stores it (`moins_de_douze`, `douze_dix_huit`,
/// … `soixante_dix_plus`, `non_communique`).
pub fn coop_age_band(band: &str) -> Option<&'static str> {
    Some(match lower_bound(band)? {
        Bound::Unknown => "non_communique",
        Bound::Age(a) if a < 12 => "moins_de_douze",
        Bound::Age(a) if a < 18 => "douze_dix_huit",
        Bound::Age(a) if a < 25 => "dix_huit_vingt_quatre",
        Bound::Age(a) if a < 40 => "vingt_cinq_trente_neuf",
        Bound::Age(a) if a < 60 => "quarante_cinquante_neuf",
        Bound::Age(a) if a < 70 => "soixante_soixante_neuf",
        Bound::Age(_) => "soixante_dix_plus",
    })
}

/// The observatory's band (the citizen consent's bands: Eurostat's, plus 75+).
pub fn observatory_age_band(band: &str) -> Option<Option<&'static str>> {
    Some(match lower_bound(band)? {
        Bound::Unknown => None,
        Bound::Age(a) if a < 16 => Some("moins de 16"),
        Bound::Age(a) if a < 25 => Some("16-24"),
        Bound::Age(a) if a < 35 => Some("25-34"),
        Bound::Age(a) if a < 45 => Some("35-44"),
        Bound::Age(a) if a < 55 => Some("45-54"),
        Bound::Age(a) if a < 65 => Some("55-64"),
        Bound::Age(a) if a < 75 => Some("65-74"),
        Bound::Age(_) => Some("75+"),
    })
}

enum Bound {
    Age(u32),
    Unknown,
}

/// Whether a fine age band is 60 or over (calibration's DIF groups); `None` for "non communiqué"
/// or an unknown band.
pub fn sixty_or_over(band: &str) -> Option<bool> {
    match lower_bound(band)? {
        Bound::Age(a) => Some(a >= 60),
        Bound::Unknown => None,
    }
}

fn lower_bound(band: &str) -> Option<Bound> {
    if !AGE_BANDS.contains(&band) {
        return None;
    }
    Some(match band {
        "non communiqué" => Bound::Unknown,
        "moins de 12" => Bound::Age(0),
        "75 et plus" => Bound::Age(75),
        b => Bound::Age(b.split('-').next()?.parse().ok()?),
    })
}

/// A beneficiary's situation (La Coop's values).
pub const SITUATIONS: [(&str, &str); 5] = [
    ("scolarise", "Scolarisé"),
    ("en_emploi", "En emploi"),
    ("sans_emploi", "Sans emploi"),
    ("retraite", "Retraité"),
    ("non_communique", "Non communiqué"),
];

/// Whether `code` has the shape of an INSEE commune code (2A/2B for Corsica, 97x overseas).
pub fn is_commune_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && matches!(
            (b[0], b[1]),
            (b'2', b'A' | b'B' | b'1'..=b'9') | (b'0' | b'1' | b'3'..=b'9', b'0'..=b'9')
        )
        && b[2..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fine_band_nests_in_one_coop_band_and_one_observatory_band() {
        for band in AGE_BANDS {
            assert!(coop_age_band(band).is_some(), "{band}");
            assert!(observatory_age_band(band).is_some(), "{band}");
        }
        assert_eq!(coop_age_band("16-17"), Some("douze_dix_huit"));
        assert_eq!(observatory_age_band("16-17"), Some(Some("16-24")));
        assert_eq!(coop_age_band("35-39"), Some("vingt_cinq_trente_neuf"));
        assert_eq!(observatory_age_band("35-39"), Some(Some("35-44")));
        assert_eq!(coop_age_band("75 et plus"), Some("soixante_dix_plus"));
        assert_eq!(observatory_age_band("non communiqué"), Some(None));
        assert_eq!(coop_age_band("18-30"), None);
        // Every observatory band value is one the citizen consent offers.
        for band in AGE_BANDS {
            if let Some(Some(o)) = observatory_age_band(band) {
                assert!(crate::domain::AGE_BANDS.contains(&o), "{o}");
            }
        }
    }

    #[test]
    fn commune_codes_follow_the_insee_pattern() {
        for ok in ["75056", "2A004", "2B033", "97411", "01001"] {
            assert!(is_commune_code(ok), "{ok}");
        }
        for bad in ["7505", "750561", "20004", "2C004", "ABCDE", "", "1000A"] {
            assert!(!is_commune_code(bad), "{bad}");
        }
    }

    #[test]
    fn roles_round_trip_and_admins_need_a_second_factor() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("superviseur"), None);
        assert!(!Role::Mediator.requires_totp());
        assert!(Role::StructureAdmin.requires_totp() && Role::PlatformAdmin.requires_totp());
        assert!(Role::Analyst.requires_totp() && !Role::Analyst.mediates());
        assert!(Role::Mediator.mediates() && Role::PlatformAdmin.mediates());
    }
}
