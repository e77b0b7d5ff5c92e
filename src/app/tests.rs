//! The state machine, tested as intents in and state out: keys go through the real keymap.

use super::*;
use crate::timeline::{Date, load::load_str};

pub(crate) fn fixture_app() -> App {
    let text = include_str!("../../tests/fixtures/valid/browser.yaml");
    let loaded = load_str(text, "browser.yaml", Date::ymd(2026, 11, 23)).expect("fixture loads");
    let mut app = App::new(Data::new(loaded.timeline));
    update(&mut app, Action::Resize { width: 120, height: 40 });
    app
}

pub(crate) use crate::input::press;

fn id(app: &App) -> &str {
    app.selected_event().map_or("", |e| e.id.as_str())
}

fn ids(app: &App) -> Vec<&str> {
    app.list.iter().map(|&e| app.timeline().event(e).id.as_str()).collect()
}

#[test]
fn moves_through_the_list_within_bounds() {
    let mut app = fixture_app();
    assert_eq!(id(&app), "texas-1836");
    press(&mut app, "k");
    assert_eq!(app.cursor, 0);
    press(&mut app, "jj");
    assert_eq!(id(&app), "treaty-1848");
    press(&mut app, "G");
    assert_eq!(id(&app), "bicentennial-2020");
    press(&mut app, "j<Down>");
    assert_eq!(app.cursor, 19);
    press(&mut app, "gg");
    assert_eq!(app.cursor, 0);
    press(&mut app, "<PgDn>");
    assert!(app.cursor > 10, "a page at 120x40 is more than ten rows");
    press(&mut app, "<Home><C-d>");
    assert!(app.cursor > 3 && app.cursor < 19);
    press(&mut app, "<End><C-u>");
    assert!(app.cursor < 19);
}

#[test]
fn g_goes_to_the_first_event_and_capital_g_to_the_last() {
    let mut app = fixture_app();
    press(&mut app, "jjj");
    assert_eq!(app.cursor, 3);
    press(&mut app, "g");
    assert_eq!(app.cursor, 0, "a single g, as in less and the issue's key list");
    press(&mut app, "G");
    assert_eq!(app.cursor, 19);
    press(&mut app, "<Home>");
    assert_eq!(app.cursor, 0);
}

#[test]
fn the_list_scrolls_to_keep_the_cursor_visible() {
    let mut app = fixture_app();
    update(&mut app, Action::Resize { width: 80, height: 24 });
    press(&mut app, "G");
    let a = crate::ui::layout::areas(80, 24, app.focus);
    let rows = crate::ui::layout::list_rows(&a);
    assert!(app.offset + rows > app.cursor && app.offset <= app.cursor);
    press(&mut app, "gg");
    assert_eq!(app.offset, 0);
}

#[test]
fn jumps_to_years_months_events_and_eras() {
    let mut app = fixture_app();
    press(&mut app, ":1917<Enter>");
    assert_eq!(id(&app), "zimmermann-1917");
    assert_eq!(app.mode(), Mode::Normal);
    press(&mut app, ":1846-05<Enter>");
    assert_eq!(id(&app), "treaty-1848");
    press(&mut app, ":veracruz-1914<Enter>");
    assert_eq!(id(&app), "veracruz-1914");
    press(&mut app, ":drug-war<Enter>");
    assert_eq!(id(&app), "plan-colombia-2000");
    press(&mut app, ":2999<Enter>");
    assert_eq!(id(&app), "bicentennial-2020", "past the end goes to the last event");
    press(&mut app, ":veracruz-1941<Enter>");
    assert_eq!(id(&app), "bicentennial-2020", "a bad target does not move");
    let msg = app.message.clone().expect("an error is shown");
    assert!(msg.error && msg.text.contains("did you mean `veracruz-1914`"), "{msg:?}");
}

#[test]
fn jump_prompt_edits_and_escapes() {
    let mut app = fixture_app();
    press(&mut app, ":19x<BS>17");
    assert_eq!(app.overlays.last(), Some(&Overlay::Jump { input: "1917".into() }));
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.cursor, 0);
}

#[test]
fn era_and_decade_keys_move_between_boundaries() {
    let mut app = fixture_app();
    press(&mut app, "]");
    assert_eq!(id(&app), "raids-1877", "first event of the Porfiriato");
    press(&mut app, "]");
    assert_eq!(id(&app), "veracruz-1914");
    press(&mut app, "j[");
    assert_eq!(id(&app), "veracruz-1914", "back to the start of the current era first");
    press(&mut app, "[");
    assert_eq!(id(&app), "raids-1877");
    press(&mut app, "gg}");
    assert_eq!(id(&app), "war-1846");
    press(&mut app, "}}");
    assert_eq!(id(&app), "raids-1877", "the 1860s are empty: skipped");
    press(&mut app, "{");
    assert_eq!(id(&app), "gadsden-1853");
}

#[test]
fn search_narrows_in_date_order_and_ranks_on_request() {
    let mut app = fixture_app();
    press(&mut app, "/plan");
    assert_eq!(app.mode(), Mode::Search);
    assert!(ids(&app).contains(&"plan-colombia-2000"));
    assert!(ids(&app).contains(&"laso-1962"));
    let dates: Vec<_> = app.list.iter().map(|&e| app.timeline().event(e).date).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "date order");
    press(&mut app, " colombia");
    assert!(ids(&app).contains(&"plan-colombia-2000"));
    press(&mut app, "<C-w><C-w>'Mérida");
    assert_eq!(ids(&app), ["merida-2007", "bicentennial-2020"], "accent-insensitive, summaries too");
    press(&mut app, "<C-u>country:co");
    assert_eq!(ids(&app), ["rio-treaty-1947", "laso-1962", "plan-colombia-2000", "peace-2016"]);
    press(&mut app, "<Enter>");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(id(&app), "rio-treaty-1947", "the best hit; of equals, the earliest");
    press(&mut app, "ggnn");
    assert_eq!(id(&app), "plan-colombia-2000");
    press(&mut app, "nnN");
    assert_eq!(id(&app), "peace-2016", "n wraps around");
    press(&mut app, "s");
    assert!(app.search.ranked);
    press(&mut app, "<Esc>");
    assert!(!app.search.is_active() && app.list.len() == 20, "Esc clears the search");
    assert_eq!(id(&app), "peace-2016", "the selection survives");
}

#[test]
fn esc_closes_the_prompt_before_clearing_the_search() {
    let mut app = fixture_app();
    press(&mut app, "/treaty<Esc>");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.search.is_active());
    let effects = press(&mut app, "<Esc><Esc><Esc>");
    assert!(!app.search.is_active());
    assert!(effects.is_empty(), "Esc never quits");
}

#[test]
fn filters_compose_and_show() {
    let mut app = fixture_app();
    press(&mut app, "d");
    assert_eq!(ids(&app), ["war-1846", "punitive-1916", "merida-2007"]);
    press(&mut app, "d");
    assert_eq!(app.list.len(), 20);
    // The picker: country CO, then tag aid.
    press(&mut app, "f");
    assert_eq!(app.mode(), Mode::Picker);
    let rows = super::update::picker(&app);
    let choices = super::filters::picker_choices(&rows);
    let pos = |f: &Filter| {
        choices
            .iter()
            .position(|&i| matches!(&rows[i], filters::PickerRow::Choice { filter, .. } if filter == f))
            .unwrap()
    };
    let co = pos(&Filter::Country("CO".into()));
    let aid = pos(&Filter::Tag(app.timeline().tag_by_id("aid").unwrap()));
    press(&mut app, &format!("{}<Space>", "j".repeat(co)));
    press(&mut app, &format!("{}<Enter>", "j".repeat(aid - co)));
    assert_eq!(ids(&app), ["laso-1962", "plan-colombia-2000"]);
    press(&mut app, "<Esc>");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.filters.0.len(), 2);
    press(&mut app, "<Esc>");
    assert!(app.filters.is_empty());
}

#[test]
fn picker_counts_the_listed_events() {
    let app = fixture_app();
    let rows = super::update::picker(&app);
    let count = |f: &Filter| {
        rows.iter().find_map(|r| match r {
            filters::PickerRow::Choice { filter, count, .. } if filter == f => Some(*count),
            _ => None,
        })
    };
    assert_eq!(count(&Filter::Disputed), Some(3));
    assert_eq!(count(&Filter::Country("CO".into())), Some(4));
    assert_eq!(count(&Filter::Source(app.timeline().source_by_id("blog").unwrap())), Some(2));
}

#[test]
fn tab_cycles_the_panes_and_keys_follow_focus() {
    let mut app = fixture_app();
    press(&mut app, "j");
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Detail);
    press(&mut app, "<Tab><Tab><Tab>");
    assert_eq!(app.focus, Pane::Events);
    press(&mut app, "<S-Tab>");
    assert_eq!(app.focus, Pane::Theories);
    press(&mut app, "<S-Tab>");
    assert_eq!(app.focus, Pane::Sources);
    let before = app.cursor;
    press(&mut app, ":1916<Enter><Tab><Tab>j");
    assert_ne!(before, app.cursor);
    assert_eq!(app.focus, Pane::Sources);
    assert_eq!(app.scroll.source, 1, "j moves within the sources pane");
}

#[test]
fn a_source_shows_its_citing_events_and_jumps_to_them() {
    let mut app = fixture_app();
    press(&mut app, ":merida-2007<Enter><Tab><Tab>j<Enter>");
    let deare = app.timeline().source_by_id("deare-2009").unwrap();
    assert_eq!(app.overlays.last(), Some(&Overlay::Source { source: deare, cursor: 0 }));
    press(&mut app, "j<Enter>");
    assert!(app.overlays.is_empty());
    assert_eq!(id(&app), "raids-1877", "deare-2009's second citing event (the first reads war-1846)");
    press(&mut app, "b<Enter>");
    assert_eq!(app.overlays.len(), 2, "bibliography, then the source");
    press(&mut app, "<Esc><Esc>");
    assert!(app.overlays.is_empty());
}

#[test]
fn lens_puts_its_readings_first_and_toggles() {
    let mut app = fixture_app();
    press(&mut app, ":war-1846<Enter>3");
    let dep = app.timeline().theory_by_id("dependency").unwrap();
    assert_eq!(app.lens, Some(dep));
    let e = app.selected_event().unwrap();
    let order = app.readings_order(e);
    assert_eq!(e.readings[order[0]].theory, dep);
    press(&mut app, "3");
    assert_eq!(app.lens, None);
    press(&mut app, "9");
    assert!(app.message.as_ref().is_some_and(|m| m.error));
}

#[test]
fn compare_opens_only_with_readings() {
    let mut app = fixture_app();
    press(&mut app, "c");
    assert!(app.overlays.is_empty(), "texas-1836 has no readings");
    press(&mut app, ":war-1846<Enter>c");
    assert_eq!(app.mode(), Mode::Compare);
    press(&mut app, "l");
    assert!(matches!(app.overlays.last(), Some(Overlay::Compare { first: 1, .. })));
    press(&mut app, "?");
    assert_eq!(app.mode(), Mode::Help);
    press(&mut app, "?<Esc>");
    assert!(app.overlays.is_empty());
}

#[test]
fn quit_copy_and_mouse_are_effects() {
    let mut app = fixture_app();
    match press(&mut app, "y").as_slice() {
        [Effect::Copy(md)] => assert!(md.starts_with("## Texas declares independence")),
        other => panic!("{other:?}"),
    }
    assert_eq!(press(&mut app, "m"), [Effect::Mouse(false)]);
    assert_eq!(press(&mut app, "q"), [Effect::Quit]);
    assert_eq!(press(&mut app, "/q<C-c>"), [Effect::Quit], "Ctrl-C quits even in a prompt");
}

#[test]
fn clicks_select_rows_and_the_ruler_jumps() {
    let mut app = fixture_app();
    let a = crate::ui::layout::areas(120, 40, app.focus);
    update(&mut app, Action::Click { column: a.list.x + 5, row: a.list.y + 4 });
    assert_eq!(app.cursor, 3);
    let (_, detail) = a.panes[0];
    update(&mut app, Action::Click { column: detail.x + 3, row: detail.y + 2 });
    assert_eq!(app.focus, Pane::Detail);
    update(&mut app, Action::Click { column: a.ruler.right() - 1, row: a.ruler.y });
    assert_eq!(id(&app), "bicentennial-2020");
    update(&mut app, Action::ScrollUp { column: a.list.x + 2, row: a.list.y + 2 });
    assert_eq!(app.cursor, 16);
}

/// Where a boundary key should land, by a scan of the whole list (what `boundary` did before it searched a
/// date-ordered list by halves).
fn boundary_by_scan(app: &App, action: &Action) -> Option<EventIx> {
    let t = app.timeline();
    let mut bounds: Vec<(i32, u8, u8)> = match action {
        Action::NextEra | Action::PrevEra => t.eras.iter().map(|e| e.start.first_day()).collect(),
        _ => {
            let first = t.span.start.min(t.events.first().map_or(t.span.start, |e| e.date.year())) / 10 * 10;
            (first..=t.last_year()).step_by(10).map(|y| (y, 1, 1)).collect()
        }
    };
    bounds.sort_unstable();
    bounds.dedup();
    let cur = t.event(app.selected()?).date;
    let day = |ev: EventIx| t.event(ev).date;
    let first_from = |b: (i32, u8, u8)| {
        app.list.iter().copied().filter(|&ev| day(ev).first_day() >= b).min_by_key(|&ev| (day(ev), ev))
    };
    if matches!(action, Action::NextEra | Action::NextDecade) {
        bounds
            .iter()
            .filter(|&&b| b > cur.first_day())
            .find_map(|&b| first_from(b).filter(|&ev| day(ev) > cur))
    } else {
        bounds
            .iter()
            .rev()
            .filter(|&&b| b <= cur.first_day())
            .find_map(|&b| first_from(b).filter(|&ev| day(ev) < cur))
    }
}

#[test]
fn boundary_keys_land_where_a_scan_says_ranked_or_not() {
    let t = crate::timeline::load::load_embedded().expect("the embedded timeline is valid").timeline;
    let mut app = App::new(Data::new(t));
    update(&mut app, Action::Resize { width: 120, height: 40 });
    for (search, ranked) in [("", false), ("a", false), ("a", true)] {
        app.set_search(search.to_string());
        if app.search.ranked != ranked {
            update(&mut app, Action::ToggleRank);
        }
        assert!(app.list.len() > 50, "{search:?} lists enough events to jump across");
        let mut moved = 0;
        for action in [Action::NextDecade, Action::PrevDecade, Action::NextEra, Action::PrevEra] {
            for i in 0..app.list.len() {
                app.cursor = i;
                let expected = boundary_by_scan(&app, &action).or(app.selected());
                update(&mut app, action.clone());
                assert_eq!(
                    app.selected(),
                    expected,
                    "{action:?} from row {i}, search {search:?}, ranked {ranked}"
                );
                moved += usize::from(app.cursor != i);
            }
        }
        assert!(moved > app.list.len(), "most keys jump somewhere: {moved}");
    }
}

#[test]
fn ruler_counts_are_the_same_ranked_or_in_date_order() {
    let mut app = fixture_app();
    app.set_search("a".to_string());
    let dated = app.list_years.clone();
    update(&mut app, Action::ToggleRank);
    assert!(app.search.ranked);
    assert_ne!(app.list.windows(2).filter(|w| w[0] > w[1]).count(), 0, "ranking reorders the list");
    assert_eq!(app.list_years, dated);
    assert_eq!(app.list_years, count_years_unordered(&app.data.years, &app.list));
    assert_eq!(app.list_years, count_years_map(&app.data.years, &app.list));
    // A span too wide for a counter per year is counted by the map.
    let years = [-2_000_000_000, 5, 2_000_000_000, 5];
    let list: Vec<EventIx> = [3, 0, 2, 1].map(EventIx).to_vec();
    assert_eq!(count_years_unordered(&years, &list), [(-2_000_000_000, 1), (5, 2), (2_000_000_000, 1)]);
    assert_eq!(app.list_years.iter().map(|&(_, n)| n as usize).sum::<usize>(), app.list.len());
}

/// The picker counts every choice in one pass over the list: each count is what filtering the list by
/// that choice keeps, on the embedded timeline, with and without a search; the counts follow the list.
#[test]
fn picker_counts_equal_filtering_by_each_choice() {
    let t = crate::timeline::load::load_embedded().expect("the embedded timeline is valid").timeline;
    let mut app = App::new(Data::new(t));
    for search in ["", "war", "tr"] {
        app.set_search(search.to_string());
        let rows = super::update::picker(&app);
        let mut nonzero = 0;
        for row in rows.iter() {
            if let filters::PickerRow::Choice { filter, count, .. } = row {
                let t = app.timeline();
                let kept = app.list.iter().filter(|&&ev| filter.matches(t, t.event(ev))).count();
                assert_eq!(*count, kept, "{filter:?} with search {search:?}");
                nonzero += usize::from(kept > 0);
            }
        }
        assert!(nonzero > 10, "many choices keep events: {nonzero}");
    }
}
