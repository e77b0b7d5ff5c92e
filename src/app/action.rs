//! Everything a user can ask the browser to do, named for the intent rather than the key. The keymap
//! (`input.rs`) turns keys into these; `update` carries them out on the state.

use crate::search::worker::Batch;

/// One intent. Plain data, so a presenter's actions can later be sent to viewers as they are. Not `Copy`:
/// search results carry their hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the cursor of the focused pane down one row.
    SelectNext,
    /// Move the cursor of the focused pane up one row.
    SelectPrev,
    /// Move down by a page of the focused pane.
    PageDown,
    /// Move up by a page of the focused pane.
    PageUp,
    /// Move down by half a page.
    HalfPageDown,
    /// Move up by half a page.
    HalfPageUp,
    /// Go to the first event (or the top of the focused pane).
    SelectFirst,
    /// Go to the last event (or the bottom of the focused pane).
    SelectLast,
    /// Focus the next pane (events, detail, sources, theories).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Go to the first event of the previous era.
    PrevEra,
    /// Go to the first event of the next era.
    NextEra,
    /// Go to the first event of the previous decade.
    PrevDecade,
    /// Go to the first event of the next decade.
    NextDecade,
    /// Show the previous column (in the comparison of readings).
    Left,
    /// Show the next column (in the comparison of readings).
    Right,
    /// Open the focused item: the event in full, a source's entry, the comparison of readings.
    Expand,
    /// Open the jump prompt (`:1917`, `:1846-05`, `:event-id`, `:era-id`).
    OpenJump,
    /// Open the search prompt; the list narrows as you type.
    OpenSearch,
    /// Go to the next search hit.
    NextHit,
    /// Go to the previous search hit.
    PrevHit,
    /// Switch the hits between date order and best score first.
    ToggleRank,
    /// Open the filter picker.
    OpenFilters,
    /// Show only disputed events, or stop doing so.
    ToggleDisputed,
    /// Read the timeline through theory N (1-based): its events highlighted, its readings first. Again to stop.
    ToggleLens(u8),
    /// Compare the readings of the selected event side by side.
    OpenCompare,
    /// Open the bibliography: every source, with how many events cite it.
    OpenBibliography,
    /// Viewing a presenter (`annals serve`): follow the presenter again after moving on your own.
    Follow,
    /// Presenting (`annals serve`): list the connected viewers, to hand the presenter role to one.
    OpenAudience,
    /// Show the help: every key, from the keymap itself.
    ToggleHelp,
    /// Copy the selected event with its citations as Markdown (OSC 52 clipboard).
    CopyEvent,
    /// Switch mouse capture off (to select text with the terminal) or on again.
    ToggleMouse,
    /// Close the topmost prompt or overlay; with none, clear the search and the filters. Never quits.
    Back,
    /// Leave annals.
    Quit,
    /// Type a character into the open prompt.
    Insert(char),
    /// Delete the character before the prompt's cursor.
    DeleteChar,
    /// Delete the word before the prompt's cursor.
    DeleteWord,
    /// Clear the open prompt.
    ClearInput,
    /// Accept the open prompt (jump, or keep the search and return to the list).
    Submit,
    /// In a picker or list overlay: turn the item under the cursor on or off, or open it.
    Toggle,
    /// Scroll the pane under the mouse down (wheel).
    ScrollDown { column: u16, row: u16 },
    /// Scroll the pane under the mouse up (wheel).
    ScrollUp { column: u16, row: u16 },
    /// Click: focus the pane and select the row under the mouse.
    Click { column: u16, row: u16 },
    /// The terminal has a new size.
    Resize { width: u16, height: u16 },
    /// Briefing: go to the tour's next stop.
    NextStop,
    /// Briefing: go back to the tour's previous stop.
    PrevStop,
    /// Briefing: return to the current stop after browsing away from it.
    ReturnToStop,
    /// Briefing: the clock reads this much time since the briefing started (sent by the loop, not a key).
    Tick(std::time::Duration),
    /// Hits from the search worker (dropped when the query has changed since).
    SearchResults(Batch),
}
