//! Screen geometry shared by `update` (paging, mouse) and `render` (drawing), so
//! both agree on where rows are.

/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);
/// Columns of one tab in the tab bar (tabs are drawn at fixed slots).
pub const TAB_WIDTH: u16 = 18;

/// Columns of one tab on a screen `width` wide: the five tabs fit in 80 columns.
pub fn tab_width(width: u16) -> u16 {
    TAB_WIDTH.min(width / 5).max(1)
}
/// Screen row of the first list row (after the tab bar and the column header).
pub const LIST_TOP: u16 = 2;

/// Whether the terminal is big enough to draw the console.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_SIZE.0 && size.1 >= MIN_SIZE.1
}

/// Rows available to a list: all but the tab bar, the header and the status bar.
pub fn list_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(LIST_TOP + 1).max(1) as usize
}

/// Rows of text in the detail view.
pub fn detail_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(2).max(1) as usize
}

/// The narrowest terminal that shows the ticket list and the detail side by side.
pub const SPLIT_MIN: u16 = 160;

/// Columns of the ticket list when the list and the detail share the screen.
pub fn split(width: u16) -> Option<u16> {
    (width >= SPLIT_MIN).then_some(width * 11 / 20)
}
