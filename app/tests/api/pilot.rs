//! Pilot items: served now and then on the citizen path, never first, last or twice in a row,
//! stored as pilot answers and left out of the result; calibrated with θ fixed by
//! `tremplin calibrate`.

use serde_json::Value;

use crate::bank_copy::BankCopy;
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn pilot_items_come_now_and_then_unscored_never_first_last_or_twice_in_a_row() {
    let (bank, pilots) = BankCopy::with_pilots();
    assert!(pilots.len() >= 20, "{} pilot items", pilots.len());
    let app = spawn_app_with(|s| s.bank_dir = bank.0.clone()).await;
    let (mut answers, mut piloted) = (0, 0);
    for _ in 0..8 {
        let s = app.start().await;
        app.skip_to_the_end(&s).await;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT item_id, pilot FROM answers WHERE assessment_id = $1 ORDER BY seq",
        )
        .bind(&s.id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(rows[0].1, 0, "never first");
        assert_eq!(rows.last().unwrap().1, 0, "never last");
        for pair in rows.windows(2) {
            assert!(pair[0].1 == 0 || pair[1].1 == 0, "two in a row: {rows:?}");
        }
        for (id, pilot) in &rows {
            assert_eq!(*pilot == 1, pilots.contains(id), "{id}: marked {pilot}");
        }
        let scored = rows.iter().filter(|r| r.1 == 0).count();
        let result: Value = app.result(&s).await.json().await.unwrap();
        let counted: u64 = result["competences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["answered"].as_u64().unwrap())
            .sum();
        assert_eq!(
            counted as usize, scored,
            "the result counts the scored answers only"
        );
        answers += rows.len();
        piloted += rows.len() - scored;
    }
    // One in twelve is due after a scored answer: about 7.7 % of all answers.
    let share = piloted as f64 / answers as f64;
    assert!(
        (0.03..0.16).contains(&share),
        "{piloted} pilot answers of {answers}"
    );
}
