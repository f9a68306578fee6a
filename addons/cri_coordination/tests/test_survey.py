"""test_survey"""
