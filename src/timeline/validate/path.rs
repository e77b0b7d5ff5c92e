//! Where a value sits in the document, built on the stack as validation descends and turned into a path
//! (`Vec<P>`) only when a finding is recorded: validating a million events then allocates nothing for the
//! places where nothing is wrong.

use super::P;

/// A path into the YAML document: the last step and the path it extends.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    up: Option<&'a At<'a>>,
    step: P,
}

impl At<'static> {
    /// A top-level key.
    pub(super) fn key(key: &'static str) -> At<'static> {
        At { up: None, step: P::K(key) }
    }
}

impl<'a> At<'a> {
    /// This path, then a key.
    pub(super) fn k(&'a self, key: &'static str) -> At<'a> {
        At { up: Some(self), step: P::K(key) }
    }

    /// This path, then an index.
    pub(super) fn i(&'a self, index: usize) -> At<'a> {
        At { up: Some(self), step: P::I(index) }
    }

    /// The steps from the top of the document.
    pub(super) fn to_vec(self) -> Vec<P> {
        let mut steps = vec![self.step];
        let mut up = self.up;
        while let Some(at) = up {
            steps.push(at.step);
            up = at.up;
        }
        steps.reverse();
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_lists_its_steps_from_the_top() {
        let events = At::key("events");
        let third = events.i(2);
        assert_eq!(
            third.k("sources").i(1).k("quote").to_vec(),
            [P::K("events"), P::I(2), P::K("sources"), P::I(1), P::K("quote")]
        );
        assert_eq!(At::key("title").to_vec(), [P::K("title")]);
    }
}
