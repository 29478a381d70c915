//! The one place that moves a selection through a list and keeps it in view.

/// A selection and the first visible row of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

/// `selected` moved by `delta` in a list of `len` rows, staying in range.
pub fn stepped(selected: usize, delta: i64, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len as i64 - 1;
    // Far steps (top, bottom) are clamped first so they cannot overflow.
    let d = delta.clamp(-(last + 1), last + 1);
    (selected as i64 + d).clamp(0, last) as usize
}

/// The first visible row so that `selected` is in view in `height` rows.
pub fn follow(selected: usize, offset: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

impl Cursor {
    /// Moves the selection by `delta` in a list of `len` rows shown `height` high.
    pub fn step(&mut self, delta: i64, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = stepped(self.selected, delta, len);
        self.offset = follow(self.selected, self.offset, height);
    }

    /// Selects row `i` (clamped) and scrolls it into view.
    pub fn select(&mut self, i: usize, len: usize, height: usize) {
        self.selected = i.min(len.saturating_sub(1));
        self.offset = follow(self.selected, self.offset, height);
    }

    /// Keeps the selection inside a list that now has `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_stay_in_range_and_in_view() {
        let mut c = Cursor::default();
        c.step(5, 3, 2);
        assert_eq!((c.selected, c.offset), (2, 1));
        c.step(-9, 3, 2);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.step(1, 0, 2);
        assert_eq!(c.selected, 0);
        c.step(i64::from(u32::MAX), 10, 4);
        assert_eq!((c.selected, c.offset), (9, 6));
        c.select(2, 10, 4);
        assert_eq!((c.selected, c.offset), (2, 2));
        c.clamp(1);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    #[test]
    fn follow_keeps_the_selection_in_view() {
        assert_eq!(follow(9, 0, 4), 6);
        assert_eq!(follow(2, 5, 4), 2);
        assert_eq!(follow(6, 5, 4), 5);
    }
}
