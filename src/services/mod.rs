//! What staff do around the report, shared by both front ends (`cli` and
//! `serve`): the Excel round trip with departments and the committee
//! (`forms`), comparing two data sets (`diff`), starting the next fiscal
//! year (`new_year`) and who has returned their workbook (`returns`).

pub mod diff;
pub mod forms;
pub mod new_year;
pub mod returns;
