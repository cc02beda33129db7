//! The card's barcode, drawn in the core (barcoders, pure Rust) so that
//! Android, iOS and the terminal show exactly the same bars.

use barcoders::{
    generators::{ascii::ASCII, svg::SVG},
    sym::code39::Code39,
};

use super::model::{Barcode, LibraryCard};
use crate::error::{Error, Result};

/// Bar height of the SVG in pixels.
const SVG_HEIGHT: u32 = 80;

/// Draws `card`'s barcode.
pub fn draw(card: &LibraryCard) -> Result<Barcode> {
    if card.symbology != "CODE39" {
        return Err(unsupported(&card.symbology));
    }
    let code =
        Code39::new(&card.payload).map_err(|_| unsupported("a payload Code 39 cannot encode"))?;
    let encoded = code.encode();
    let svg = SVG::new(SVG_HEIGHT).generate(&encoded).map_err(|_| unsupported("SVG"))?;
    let text = ASCII::new().generate(&encoded).map_err(|_| unsupported("text"))?;
    Ok(Barcode { symbology: card.symbology.clone(), payload: card.payload.clone(), svg, text })
}

fn unsupported(what: &str) -> Error {
    Error::InvalidResponse { what: "library card", reason: format!("barcode: {what}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(payload: &str, symbology: &str) -> LibraryCard {
        LibraryCard {
            card_number: payload.into(),
            symbology: symbology.into(),
            payload: payload.into(),
            valid_until: None,
            holder_name: None,
            branch_name: None,
        }
    }

    #[test]
    fn a_card_number_becomes_scannable_bars() {
        let b = draw(&card("LSB0001234567", "CODE39")).expect("barcode");
        assert!(b.svg.starts_with("<svg") && b.svg.contains("<rect"), "{}", &b.svg[..80]);
        assert!(b.text.contains('#'));
        assert!(draw(&card("lsb lower?", "CODE39")).is_err());
        assert!(draw(&card("LSB1", "QR")).is_err());
    }
}
