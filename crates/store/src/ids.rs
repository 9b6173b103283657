//! Discord snowflakes are `u64`; database integers (`SQLite`'s and `PostgreSQL`'s `BIGINT`) are `i64`.
//! The one place they convert.

use super::StoreError;

/// A snowflake as stored. Snowflakes stay below 2^63, so this never fails for real ids.
pub fn to_db(id: u64) -> Result<i64, StoreError> {
    i64::try_from(id).map_err(|_| StoreError::BadId(id))
}

/// A stored id back as a snowflake.
pub fn from_db(id: i64) -> Result<u64, StoreError> {
    u64::try_from(id).map_err(|_| StoreError::BadStoredId(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusal() {
        let id = 1_234_567_890_123_456_789u64;
        assert_eq!(from_db(to_db(id).unwrap()).unwrap(), id);
        assert!(to_db(u64::MAX).is_err());
        assert!(from_db(-1).is_err());
    }
}
