//! Target boxes: where on the page a built-in action acts.
//!
//! The service names a target as a string in one of three forms:
//!
//! | form | coordinates | unit |
//! |---|---|---|
//! | `<box>top,left,bottom,right</box>` | top, left, bottom, right | CSS pixels of the viewport (decimals allowed) |
//! | `<bbox>left,top,right,bottom</bbox>` | left, top, right, bottom | thousandths of the screenshot (integers 0–1000) |
//! | `left,top,right,bottom` | left, top, right, bottom | thousandths of the screenshot (integers 0–1000) |
//!
//! Normalized boxes become pixels with the left and top rounded down and the right and
//! bottom rounded up, against the viewport of the observation the model was shown. Every box
//! is checked against that viewport, and actions act on its centre.

use std::fmt;

/// The size of the page the model saw, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// `window.innerWidth`.
    pub width: f64,
    /// `window.innerHeight`.
    pub height: f64,
}

impl Viewport {
    /// The viewport Nova Act's model is trained on: 1600x813.
    pub const RECOMMENDED: Viewport = Viewport {
        width: 1600.0,
        height: 813.0,
    };

    /// Whether this viewport is within 20% of [`Viewport::RECOMMENDED`] in both directions,
    /// the tolerance the official Python SDK enforces on every observation.
    pub fn is_near_recommended(&self) -> bool {
        let near = |value: f64, target: f64| (value - target).abs() <= target * 0.2;
        near(self.width, Self::RECOMMENDED.width) && near(self.height, Self::RECOMMENDED.height)
    }
}

/// A rectangle on the page in CSS pixels, checked against the viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetBox {
    /// Distance of the top edge from the top of the viewport.
    pub top: f64,
    /// Distance of the left edge from the left of the viewport.
    pub left: f64,
    /// Distance of the bottom edge from the top of the viewport.
    pub bottom: f64,
    /// Distance of the right edge from the left of the viewport.
    pub right: f64,
}

/// A point on the page in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// Why a box could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxError {
    /// The box as the service sent it.
    pub text: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for BoxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid box {:?}: {}", self.text, self.problem)
    }
}

impl std::error::Error for BoxError {}

impl TargetBox {
    /// Parses `text` in any of the three forms and checks it against `viewport`.
    pub fn parse(text: &str, viewport: Viewport) -> Result<TargetBox, BoxError> {
        let fail = |problem: String| BoxError {
            text: text.to_owned(),
            problem,
        };
        let trimmed = text.trim();
        let parsed = if let Some(inner) = between(trimmed, "<box>", "</box>") {
            let [top, left, bottom, right] = numbers(inner).map_err(fail)?;
            TargetBox {
                top,
                left,
                bottom,
                right,
            }
        } else {
            let inner = between(trimmed, "<bbox>", "</bbox>").unwrap_or(trimmed);
            if inner.contains('<') || inner.contains('>') {
                return Err(fail(
                    "expected <box>top,left,bottom,right</box>, <bbox>left,top,right,bottom</bbox> \
                     or left,top,right,bottom"
                        .to_owned(),
                ));
            }
            let [left, top, right, bottom] = numbers(inner).map_err(fail)?;
            for value in [left, top, right, bottom] {
                if value.fract() != 0.0 || !(0.0..=1000.0).contains(&value) {
                    return Err(fail(format!(
                        "normalized coordinates are whole numbers from 0 to 1000, got {value}"
                    )));
                }
            }
            TargetBox {
                left: (left * viewport.width / 1000.0).floor(),
                top: (top * viewport.height / 1000.0).floor(),
                right: (right * viewport.width / 1000.0).ceil(),
                bottom: (bottom * viewport.height / 1000.0).ceil(),
            }
        };
        parsed.check(viewport).map_err(fail)?;
        Ok(parsed)
    }

    fn check(&self, viewport: Viewport) -> Result<(), String> {
        let TargetBox {
            top,
            left,
            bottom,
            right,
        } = *self;
        if top < 0.0 || left < 0.0 {
            return Err(format!(
                "coordinates cannot be negative (top {top}, left {left})"
            ));
        }
        if top >= bottom {
            return Err(format!("top {top} is not above bottom {bottom}"));
        }
        if left >= right {
            return Err(format!("left {left} is not left of right {right}"));
        }
        if bottom > viewport.height || right > viewport.width {
            return Err(format!(
                "the box ends at ({right}, {bottom}), outside the {}x{} viewport",
                viewport.width, viewport.height
            ));
        }
        Ok(())
    }

    /// The centre, where actions act.
    pub fn center(&self) -> Point {
        Point {
            x: (self.left + self.right) / 2.0,
            y: (self.top + self.bottom) / 2.0,
        }
    }
}

impl fmt::Display for TargetBox {
    /// The absolute form, `<box>top,left,bottom,right</box>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<box>{},{},{},{}</box>",
            self.top, self.left, self.bottom, self.right
        )
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    text.strip_prefix(open)?.strip_suffix(close)
}

fn numbers(text: &str) -> Result<[f64; 4], String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [a, b, c, d] = parts.as_slice() else {
        return Err(format!(
            "expected 4 comma-separated numbers, got {}",
            parts.len()
        ));
    };
    let mut out = [0.0; 4];
    for (slot, part) in out.iter_mut().zip([a, b, c, d]) {
        let value: f64 = part
            .parse()
            .map_err(|_| format!("{part:?} is not a number"))?;
        if !value.is_finite() {
            return Err(format!("{part:?} is not a finite number"));
        }
        *slot = value;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: Viewport = Viewport::RECOMMENDED;

    fn boxed(top: f64, left: f64, bottom: f64, right: f64) -> TargetBox {
        TargetBox {
            top,
            left,
            bottom,
            right,
        }
    }

    #[test]
    fn parses_every_form() {
        let cases = [
            (
                "<box>100,20,130,300</box>",
                boxed(100.0, 20.0, 130.0, 300.0),
            ),
            (
                "<box> 10.5, 2 ,20.25,4 </box>",
                boxed(10.5, 2.0, 20.25, 4.0),
            ),
            ("<box>0,0,813,1600</box>", boxed(0.0, 0.0, 813.0, 1600.0)),
            // left 100/1000 of 1600 = 160, top 200/1000 of 813 = 162.6 -> 162,
            // right 300/1000 of 1600 = 480, bottom 400/1000 of 813 = 325.2 -> 326.
            (
                "<bbox>100,200,300,400</bbox>",
                boxed(162.0, 160.0, 326.0, 480.0),
            ),
            ("100,200,300,400", boxed(162.0, 160.0, 326.0, 480.0)),
            ("0,0,1000,1000", boxed(0.0, 0.0, 813.0, 1600.0)),
        ];
        for (text, want) in cases {
            assert_eq!(TargetBox::parse(text, VIEW), Ok(want), "{text}");
        }
    }

    #[test]
    fn refuses_bad_boxes_and_says_why() {
        let cases = [
            ("<box>-1,0,10,10</box>", "negative"),
            ("<box>10,0,10,10</box>", "not above"),
            ("<box>0,10,10,10</box>", "not left of"),
            ("<box>0,0,900,10</box>", "outside the 1600x813 viewport"),
            ("<box>0,0,10,1601</box>", "outside"),
            ("<box>1,2,3</box>", "4 comma-separated numbers"),
            ("<box>a,b,c,d</box>", "not a number"),
            ("<box>0,0,NaN,5</box>", "not a finite number"),
            ("<bbox>1,2,3,4</box>", "expected <box>"),
            ("<bbox>0,0,1001,10</bbox>", "0 to 1000"),
            ("0,0,10.5,10", "whole numbers"),
            ("", "4 comma-separated"),
            ("<box>1,2,3,4", "expected <box>"),
        ];
        for (text, problem) in cases {
            let err = TargetBox::parse(text, VIEW).unwrap_err();
            assert!(err.problem.contains(problem), "{text}: {err}");
            assert_eq!(err.text, text);
        }
    }

    #[test]
    fn acts_on_the_centre() {
        let target = TargetBox::parse("<box>100,20,130,300</box>", VIEW).unwrap();
        assert_eq!(target.center(), Point { x: 160.0, y: 115.0 });
    }

    #[test]
    fn recommended_viewport_tolerance_is_twenty_percent() {
        let cases = [
            (1600.0, 813.0, true),
            (1582.0, 810.0, true),
            (1920.0, 975.0, true),
            (1921.0, 813.0, false),
            (1600.0, 600.0, false),
        ];
        for (width, height, near) in cases {
            let view = Viewport { width, height };
            assert_eq!(view.is_near_recommended(), near, "{width}x{height}");
        }
    }
}
